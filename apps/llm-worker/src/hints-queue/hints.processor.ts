import { Inject, Injectable } from '@nestjs/common';
import { LlmHintsJob, llmHintsJobs, QueueName, type LlmHintsPayload, type LlmHintsResult } from '@alkdrec/contracts';
import { SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import { CatalogueCache, type Catalogue } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { LLM_CALLS, type CallContext, type LlmCalls } from '../llm/llm-calls';
import { LlmJobProcessor } from '../llm/llm-job-processor';
import { HintsUnusableError, summariseHints } from './summarise-hints';

/** Hint answers are longer than rankings: a few sentences per hint. */
const HINT_OUTPUT_TOKENS = 1_024;

/** Consumes alkdrec.llm.hints in-process: Module 1, one hint summary per run. */
@Injectable()
export class HintsProcessor extends LlmJobProcessor<(typeof llmHintsJobs)[typeof LlmHintsJob.Summarise]['payload'], (typeof llmHintsJobs)[typeof LlmHintsJob.Summarise]['result']> {
  constructor(
    host: WorkerHost,
    catalogues: CatalogueCache,
    @Inject(LLM_CALLS) calls: LlmCalls,
    @Inject(SERVICE_CONFIG) config: LlmWorkerConfig,
  ) {
    super(QueueName.LlmHints, LlmHintsJob.Summarise, llmHintsJobs[LlmHintsJob.Summarise], host, catalogues, calls, config);
  }

  protected handle(payload: LlmHintsPayload, catalogue: Catalogue, ctx: CallContext): Promise<LlmHintsResult> {
    return summariseHints(payload, { calls: this.calls, catalogue, maxOutputTokens: HINT_OUTPUT_TOKENS }, ctx);
  }

  /** Unusable hints whose stored answers are final: another attempt would send nothing and fail the same way. */
  protected override permanent(error: unknown): boolean {
    return error instanceof HintsUnusableError && error.final;
  }
}
