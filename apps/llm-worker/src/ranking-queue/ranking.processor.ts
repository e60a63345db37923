import { Inject, Injectable } from '@nestjs/common';
import { LlmRankingJob, llmRankingJobs, QueueName, type LlmJobProgress, type LlmRankingPayload, type LlmRankingResult } from '@alkdrec/contracts';
import { SERVICE_CONFIG, WorkerHost } from '@alkdrec/service-kit';
import type { Job } from 'bullmq';
import { CatalogueCache, type Catalogue } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { LLM_CALLS, type CallContext, type LlmCalls } from '../llm/llm-calls';
import { LlmJobProcessor } from '../llm/llm-job-processor';
import { rankSession } from './rank-session';

/** Consumes alkdrec.llm.ranking in-process (the work is waiting on HTTP): Module 2, one session per job. */
@Injectable()
export class RankingProcessor extends LlmJobProcessor<(typeof llmRankingJobs)[typeof LlmRankingJob.Rank]['payload'], (typeof llmRankingJobs)[typeof LlmRankingJob.Rank]['result']> {
  constructor(
    host: WorkerHost,
    catalogues: CatalogueCache,
    @Inject(LLM_CALLS) calls: LlmCalls,
    @Inject(SERVICE_CONFIG) config: LlmWorkerConfig,
  ) {
    super(QueueName.LlmRanking, LlmRankingJob.Rank, llmRankingJobs[LlmRankingJob.Rank], host, catalogues, calls, config);
  }

  protected handle(payload: LlmRankingPayload, catalogue: Catalogue, ctx: CallContext, job: Job): Promise<LlmRankingResult> {
    return rankSession(
      payload,
      { calls: this.calls, catalogue, maxOutputTokens: this.config.LLM_MAX_OUTPUT_TOKENS, progress: (progress: LlmJobProgress) => job.updateProgress(progress) },
      ctx,
    );
  }
}
