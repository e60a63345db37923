import type { RunResult, RunView } from '@alkdrec/contracts';

/** When the attempt being reported started and how long it took (its driver's wall time). */
export interface RunAttempt {
  /** Stages finished before this are reported as resumed (finished by an earlier attempt). */
  since: Date;
  wallMs: number;
}

/**
 * A SUCCEEDED run's RunResult (what `alkdrec run` prints and a run job returns) from its read model:
 * each stage's wall time, attempts and detail, the three models' test metrics, the pool and the LLM
 * figures. Throws, naming what is missing, for a run that has not succeeded.
 */
export function runResultOf(view: RunView, attempt: RunAttempt): RunResult {
  const stages = view.stages.map((stage) => {
    if (stage.state !== 'SUCCEEDED') throw new Error(`run ${view.id}: stage ${stage.name} has not succeeded (${stage.state})`);
    return {
      name: stage.name,
      wallMs: stage.wallMs ?? 0,
      attempts: stage.attempts,
      resumed: stage.finishedAt !== null && new Date(stage.finishedAt) < attempt.since,
      detail: stage.detail ?? '',
    };
  });
  const model = (report: RunView['metrics']['student'], what: string) => {
    if (!report) throw new Error(`run ${view.id} has no ${what} model with test metrics`);
    return report;
  };
  return {
    runId: view.id,
    spec: view.spec,
    stages,
    student: model(view.metrics.student, 'student'),
    teacher: model(view.metrics.teacher, 'teacher'),
    distilled: model(view.metrics.distilled, 'distilled'),
    pool: view.selection.poolSize === null ? null : { size: view.selection.poolSize, note: view.selection.poolNote ?? '' },
    llm: view.llm,
    wallMs: Math.round(attempt.wallMs),
  };
}
