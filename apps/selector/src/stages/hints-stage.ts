import { LlmHintsJob, llmHintsJobId, LlmHintsPayload, LlmHintsResult, QueueName } from '@alkdrec/contracts';
import { DEFAULT_HINT_SAMPLE_COUNT, hintRecommendations, sampleHintSessions } from '@alkdrec/llm';
import { required, type Stage } from './stage-context';
import { teacherTop50, trainingSessions } from './teacher-data';

/**
 * Module 1 (REFERENCE §4): ~20 training sessions drawn with the run's seed, each with the teacher's
 * top-20 (true item swapped in), summarised by the LLM into hints for every ranking prompt. With
 * replay the recorded hints of the dataset come back; a run whose provider has none ranks without.
 */
export const hintsStage: Stage = async (ctx) => {
  const { spec, deps } = ctx;
  const teacherModelId = required((await ctx.run()).teacherModelId, 'teacher', ctx.runId);
  const positions = sampleHintSessions(DEFAULT_HINT_SAMPLE_COUNT, ctx.trainCount, spec.seed);
  const sampled = await trainingSessions(deps.prisma, ctx.datasetId, { positions });
  const tops = await teacherTop50(deps.prisma, teacherModelId, sampled.map((s) => s.row));
  const payload = LlmHintsPayload.parse({
    runId: ctx.runId,
    dataset: spec.dataset,
    provider: spec.provider,
    samples: sampled.map((s) => ({ sessionItems: s.items, recommended: hintRecommendations(tops.of(s.row), s.next) })),
  });
  ctx.progress(0, 1, `asking ${spec.provider} for hints`);
  const result = await deps.subJobs.run({
    queue: QueueName.LlmHints,
    name: LlmHintsJob.Summarise,
    payload,
    jobId: llmHintsJobId(ctx.runId),
    result: LlmHintsResult,
    signal: ctx.signal,
  });
  const cost = result.cached ? 'from the response store' : `${result.costUsd.toFixed(4)} USD`;
  return { detail: `${result.hints.length} hints (${result.status}, ${cost})`, hints: result.hints };
};
