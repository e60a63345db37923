import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LlmRankingJob, llmRankingJobs, QueueName, runUnderContract, type LlmJobProgress } from '@alkdrec/contracts';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { CatalogueCache } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { LLM_CALLS, type LlmCalls } from '../llm/llm-calls';
import { refuseOtherProvider } from '../llm/provider-mismatch';
import { toQueueError } from '../llm/queue-error';
import { rankSession } from './rank-session';

/** Consumes alkdrec.llm.ranking in-process (the work is waiting on HTTP), with the table's limiter. */
@Injectable()
export class RankingProcessor implements OnApplicationBootstrap {
  private worker: Worker | undefined;
  private readonly tuning;

  constructor(
    private readonly host: WorkerHost,
    private readonly catalogues: CatalogueCache,
    @Inject(LLM_CALLS) private readonly calls: LlmCalls,
    @Inject(SERVICE_CONFIG) private readonly config: LlmWorkerConfig,
  ) {
    const tuning = resolveQueueTuning(QueueName.LlmRanking, config);
    // The limiter guards a provider's rate limit; replay has none, and 750 replayed answers would
    // otherwise wait a minute for the next window (600 per minute by default).
    this.tuning = calls.provider.name === 'replay' ? { ...tuning, limiter: undefined } : tuning;
  }

  onApplicationBootstrap(): void {
    this.worker = this.host.startInline(QueueName.LlmRanking, (job) => this.process(job), this.tuning);
  }

  async process(job: Job): Promise<unknown> {
    try {
      if (job.name !== LlmRankingJob.Rank) throw new UnrecoverableError(`the llm-worker has no handler for ranking job "${job.name}"`);
      return await runUnderContract(llmRankingJobs[LlmRankingJob.Rank], job, async (payload) => {
        refuseOtherProvider(payload.provider, this.calls.provider.name, payload.runId);
        return rankSession(
          payload,
          {
            calls: this.calls,
            catalogue: await this.catalogues.get(payload.dataset),
            maxOutputTokens: this.config.LLM_MAX_OUTPUT_TOKENS,
            progress: (progress: LlmJobProgress) => job.updateProgress(progress),
          },
          { runId: payload.runId, owner: job.id ?? `${job.name}-${job.timestamp}` },
        );
      });
    } catch (error) {
      throw await toQueueError(error, this.worker as Worker, this.tuning.backoff.delayMs);
    }
  }
}
