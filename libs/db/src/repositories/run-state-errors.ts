/** startStage on a stage that has succeeded (another driver of the run finished it meanwhile). */
export class StageAlreadySucceeded extends Error {
  override name = 'StageAlreadySucceeded';
  constructor(
    readonly runId: string,
    readonly stage: string,
  ) {
    super(`stage ${stage} of run ${runId} has already succeeded`);
  }
}

/** startStage on a run that was cancelled (RunClient.cancel): no new work is started for it. */
export class RunWasCancelled extends Error {
  override name = 'RunWasCancelled';
  constructor(readonly runId: string) {
    super(`run ${runId} was cancelled`);
  }
}
