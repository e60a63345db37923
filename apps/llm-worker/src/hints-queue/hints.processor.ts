import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LlmHintsJob, llmHintsJobs, QueueName, runUnderContract } from '@alkdrec/contracts';
import { HintsParseError } from '@alkdrec/llm';
import { resolveQueueTuning, SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { CatalogueCache } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { LLM_CALLS, type LlmCalls } from '../llm/llm-calls';
import { refuseOtherProvider } from '../llm/provider-mismatch';
import { toQueueError } from '../llm/queue-error';
import { summariseHints } from './summarise-hints';

/** Hint answers are longer than rankings: a few sentences per hint. */
const HINT_OUTPUT_TOKENS = 1_024;

/** Consumes alkdrec.llm.hints in-process, with the table's limiter. */
@Injectable()
export class HintsProcessor implements OnApplicationBootstrap {
  private worker: Worker | undefined;
  private readonly tuning;

  constructor(
    private readonly host: WorkerHost,
    private readonly catalogues: CatalogueCache,
    @Inject(LLM_CALLS) private readonly calls: LlmCalls,
    @Inject(SERVICE_CONFIG) config: LlmWorkerConfig,
  ) {
    this.tuning = resolveQueueTuning(QueueName.LlmHints, config);
  }

  onApplicationBootstrap(): void {
    this.worker = this.host.startInline(QueueName.LlmHints, (job) => this.process(job), this.tuning);
  }

  async process(job: Job): Promise<unknown> {
    try {
      if (job.name !== LlmHintsJob.Summarise) throw new UnrecoverableError(`the llm-worker has no handler for hints job "${job.name}"`);
      return await runUnderContract(llmHintsJobs[LlmHintsJob.Summarise], job, async (payload) => {
        refuseOtherProvider(payload.provider, this.calls.provider.name, payload.runId);
        return summariseHints(
          payload,
          { calls: this.calls, catalogue: await this.catalogues.get(payload.dataset), maxOutputTokens: HINT_OUTPUT_TOKENS },
          { runId: payload.runId, owner: job.id ?? `${job.name}-${job.timestamp}` },
        );
      });
    } catch (error) {
      // The stored answer would come back on every retry: an unreadable one will not get better.
      if (error instanceof HintsParseError) throw new UnrecoverableError(`${error.name}: ${error.message}`);
      throw await toQueueError(error, this.worker as Worker, this.tuning.backoff.delayMs);
    }
  }
}
