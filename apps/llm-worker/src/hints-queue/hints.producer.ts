import { Injectable } from '@nestjs/common';
import { LlmHintsJob, llmHintsJobId, llmHintsJobs, parseContract, QueueName, type LlmHintsPayload } from '@alkdrec/contracts';
import { QueueRegistry } from '@alkdrec/service-kit';
import type { Job } from 'bullmq';

/** Adds the hint job of a run (one per run: the job id is the run's). The payload is parsed first. */
@Injectable()
export class HintsProducer {
  constructor(private readonly queues: QueueRegistry) {}

  async enqueue(input: LlmHintsPayload): Promise<Job> {
    const payload = parseContract(llmHintsJobs[LlmHintsJob.Summarise].payload, input, `${LlmHintsJob.Summarise} payload`);
    return this.queues.get(QueueName.LlmHints).add(LlmHintsJob.Summarise, payload, { jobId: llmHintsJobId(payload.runId) });
  }
}
