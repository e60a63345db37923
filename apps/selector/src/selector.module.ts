import { Module } from '@nestjs/common';
import { RunRepository } from '@alkdrec/db';
import { QueueName } from '@alkdrec/contracts';
import { jobOptionsFor, PrismaHolder, QueueRegistry, resolveQueueTuning, SERVICE_CONFIG } from '@alkdrec/service-kit';
import type { SelectorConfig } from './config/selector-env.schema';
import { CollectProcessor } from './collect/collect.processor';
import { FlowProducerHolder } from './jobs/flow-producer.holder';
import { SubJobs } from './jobs/sub-jobs';
import { LocalDrivers } from './runs/local-drivers';
import { RunProcessor } from './runs/run.processor';
import { RunRedriver } from './runs/run-redriver';
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
      inject: [PrismaHolder, RunRepository, SubJobs, QueueRegistry, FlowProducerHolder, SERVICE_CONFIG],
      useFactory: (
        prisma: PrismaHolder,
        runs: RunRepository,
        subJobs: SubJobs,
        queues: QueueRegistry,
        flows: FlowProducerHolder,
        config: SelectorConfig,
      ): StageDeps => ({
        prisma: prisma.client,
        runs,
        subJobs,
        queues,
        flows: flows.flows,
        flowJobOptions: {
          ranking: jobOptionsFor(resolveQueueTuning(QueueName.LlmRanking, config)),
          collect: jobOptionsFor(resolveQueueTuning(QueueName.RankingCollect, config)),
        },
      }),
    },
    LocalDrivers,
    RunProcessor,
    RunRedriver,
    CollectProcessor,
  ],
})
export class SelectorModule {}
