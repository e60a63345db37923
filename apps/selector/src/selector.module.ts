import { Module } from '@nestjs/common';
import { RunRepository } from '@alkdrec/db';
import { PrismaHolder, QueueRegistry } from '@alkdrec/service-kit';
import { CollectProcessor } from './collect/collect.processor';
import { FlowProducerHolder } from './jobs/flow-producer.holder';
import { SubJobs } from './jobs/sub-jobs';
import { RunProcessor } from './runs/run.processor';
import { STAGE_DEPS, type StageDeps } from './stages/stage-deps.token';

/** The selector role: drives runs across the trainer and the llm-worker and stores their LLM answers. */
@Module({
  providers: [
    PrismaHolder,
    { provide: RunRepository, inject: [PrismaHolder], useFactory: (prisma: PrismaHolder) => new RunRepository(prisma.client) },
    SubJobs,
    FlowProducerHolder,
    {
      provide: STAGE_DEPS,
      inject: [PrismaHolder, RunRepository, SubJobs, QueueRegistry, FlowProducerHolder],
      useFactory: (prisma: PrismaHolder, runs: RunRepository, subJobs: SubJobs, queues: QueueRegistry, flows: FlowProducerHolder): StageDeps => ({
        prisma: prisma.client,
        runs,
        subJobs,
        queues,
        flows: flows.flows,
      }),
    },
    RunProcessor,
    CollectProcessor,
  ],
})
export class SelectorModule {}
