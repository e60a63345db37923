import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ContractViolation, QueueName, RankingCollectJob, rankingCollectJobs, runUnderContract } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import { UnrecoverableError, type Job } from 'bullmq';
import type { SelectorConfig } from '../config/selector-env.schema';
import { collectRankings } from './collect-rankings';

/** Consumes alkdrec.selector.collect: the parent of a run's ranking fan-out, run once all children are done. */
@Injectable()
export class CollectProcessor implements OnApplicationBootstrap {
  private readonly tuning;

  constructor(
    private readonly host: WorkerHost,
    private readonly runs: RunRepository,
    @Inject(SERVICE_CONFIG) config: SelectorConfig,
  ) {
    this.tuning = resolveQueueTuning(QueueName.RankingCollect, config);
  }

  onApplicationBootstrap(): void {
    this.host.startInline(QueueName.RankingCollect, (job) => this.process(job), this.tuning);
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== RankingCollectJob.Collect) throw new UnrecoverableError(`the selector has no handler for collect job "${job.name}"`);
    try {
      return await runUnderContract(rankingCollectJobs[RankingCollectJob.Collect], job, async ({ runId }) => {
        const [values, failures] = await Promise.all([job.getChildrenValues(), job.getIgnoredChildrenFailures()]);
        return collectRankings(runId, { values, failures }, this.runs);
      });
    } catch (error) {
      // A malformed payload or child result will be as malformed on every retry.
      if (error instanceof ContractViolation) throw new UnrecoverableError(`${error.name}: ${error.message}`);
      throw error;
    }
  }
}
