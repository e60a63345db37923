import { Injectable } from '@nestjs/common';
import { LlmRankingJob, llmRankingJobId, llmRankingJobs, parseContract, QueueName, type LlmRankingPayload } from '@alkdrec/contracts';
import { QueueRegistry } from '@alkdrec/service-kit';
import type { Job } from 'bullmq';

/**
 * Adds ranking jobs for whoever runs in this process (the selector, later). The payload is parsed
 * before it is queued; the job id is deterministic, so a session queued twice in a run is one job.
 */
@Injectable()
export class RankingProducer {
  constructor(private readonly queues: QueueRegistry) {}

  async enqueue(input: LlmRankingPayload): Promise<Job> {
    const payload = parseContract(llmRankingJobs[LlmRankingJob.Rank].payload, input, `${LlmRankingJob.Rank} payload`);
    return this.queues.get(QueueName.LlmRanking).add(LlmRankingJob.Rank, payload, { jobId: llmRankingJobId(payload.runId, payload.row) });
  }
}
