import { createRng, recallAt, sampleWithoutReplacement, type Rng } from '@alkdrec/recsys';
import { tf, type Scalar, type Tensor1D, type Tensor3D } from '../tf';
import { disposeBatch, toSessionBatch, type Backbone } from '../backbones/backbone';
import { createBackbone } from '../backbones/registry';
import { encodeSessions, selectSessions, type EncodedSessions, type SessionInput } from '../input/session-tensors';
import { inBatchBpr } from '../losses/in-batch-bpr';
import { uniformBce } from '../losses/uniform-bce';
import { rankSessions } from '../evaluation/evaluate';
import type { TrainingExamples } from './examples';
import { createAdam, type StepOptimizer } from './adam';
import { restoreSnapshot, takeSnapshot, type Snapshot } from './snapshot';
import type { TrainOptions, TrainProgress, ValidationPoint } from './train-options';

/** The loss went NaN or infinite: the weights are garbage from here on, so stop loudly. */
export class TrainingDivergedError extends Error {
  constructor(readonly step: number, readonly loss: number) {
    super(`training diverged at step ${step}: loss is ${loss}`);
    this.name = 'TrainingDivergedError';
  }
}

export interface TrainInput {
  itemCount: number;
  examples: TrainingExamples;
  valid: readonly SessionInput[];
  /** Continue from this model (distillation starts from the trained student); else a fresh init. */
  initial?: Backbone;
}

export interface TrainOutcome {
  /** The model with its best validation checkpoint restored. */
  model: Backbone;
  steps: number;
  bestStep: number;
  bestValidRecall: number;
  history: ValidationPoint[];
  wallMs: number;
  /** Time in optimisation steps alone, and in validation passes alone. */
  stepMs: number;
  validationMs: number;
  stoppedEarly: boolean;
}

/**
 * Adam on the chosen ranking loss, validation every `evalEvery` steps, early stopping after
 * `patience` validations without improvement, best checkpoint restored (REFERENCE §2). Every random
 * choice (init, batches, negatives, dropout) comes from `options.seed`.
 */
export async function trainModel(
  input: TrainInput,
  options: TrainOptions,
  onProgress?: (progress: TrainProgress) => void | Promise<void>,
): Promise<TrainOutcome> {
  const started = performance.now();
  const rng = createRng(options.seed);
  const model = input.initial ?? createBackbone(options.backbone, { itemCount: input.itemCount, dim: options.dim, maxLength: 10 }, rng.fork(1));
  const batchRng = rng.fork(2);
  const encoded = encodeSessions(input.examples.sessions, input.itemCount, model.shape.maxLength);
  const optimizer = createAdam(options.learningRate);
  const pairCount = input.examples.positive.length;
  const batchSize = Math.min(options.batchSize, pairCount);
  const scratch = Int32Array.from({ length: pairCount }, (_, i) => i);

  const history: ValidationPoint[] = [];
  let best: Snapshot = takeSnapshot(model.variables);
  let bestValidRecall = -1;
  let bestStep = 0;
  let checksWithoutImprovement = 0;
  let stepMs = 0;
  let validationMs = 0;
  let step = 0;
  let stoppedEarly = false;

  try {
    while (step < options.maxSteps) {
      step++;
      const report = step % options.evalEvery === 0 || step === options.maxSteps;
      const pairs = sampleWithoutReplacement(batchRng, pairCount, batchSize, scratch);
      const t0 = performance.now();
      const loss = runStep(model, optimizer, encoded, input.examples, pairs, options, batchRng, report);
      stepMs += performance.now() - t0;
      if (!report) continue;
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(step, loss);

      const t1 = performance.now();
      const validRecall = recallAt(rankSessions(model, input.valid), options.validK);
      const validationPassMs = performance.now() - t1;
      validationMs += validationPassMs;
      history.push({ step, validRecall, loss });
      if (validRecall > bestValidRecall) {
        bestValidRecall = validRecall;
        bestStep = step;
        best = takeSnapshot(model.variables);
        checksWithoutImprovement = 0;
      } else {
        checksWithoutImprovement++;
      }
      await onProgress?.({ step, maxSteps: options.maxSteps, validRecall, bestValidRecall, bestStep, loss, stepMs, validationPassMs });
      if (checksWithoutImprovement >= options.patience) {
        stoppedEarly = true;
        break;
      }
    }
    restoreSnapshot(model.variables, best);
  } finally {
    optimizer.dispose();
  }
  return {
    model, steps: step, bestStep, bestValidRecall: Math.max(bestValidRecall, 0), history,
    wallMs: performance.now() - started, stepMs, validationMs, stoppedEarly,
  };
}

function runStep(
  model: Backbone,
  optimizer: StepOptimizer,
  encoded: EncodedSessions,
  examples: TrainingExamples,
  pairs: Int32Array,
  options: TrainOptions,
  rng: Rng,
  withLoss: boolean,
): number {
  const sessionRows = pairs.map((p) => examples.sessionIndex[p] as number);
  const positives = pairs.map((p) => examples.positive[p] as number);
  const batch = toSessionBatch(tf, selectSessions(encoded, sessionRows));
  const positiveIds = tf.tensor1d(positives, 'int32');
  // Per session, as the reference draws them: [B, n] uniform over the catalogue, with replacement.
  const negativeIds = options.negatives === 'uniform-bce'
    ? tf.tensor1d(Int32Array.from({ length: pairs.length * options.uniformNegatives }, () => rng.int(model.shape.itemCount)), 'int32')
    : undefined;
  const dropoutSeed = rng.int(2 ** 31);
  try {
    const cost = optimizer.minimize(() => {
      const u = model.encode(batch, true, dropoutSeed);
      const p = model.itemEmbeddings(positiveIds);
      return negativeIds
        ? uniformBce(u, p, tf.reshape(model.itemEmbeddings(negativeIds as Tensor1D), [pairs.length, options.uniformNegatives, -1]) as Tensor3D)
        : inBatchBpr(u, p, withLoss);
    }, withLoss, model.variables as tf.Variable[]) as Scalar | null;
    const value = cost ? (cost.dataSync()[0] as number) : Number.NaN;
    cost?.dispose();
    return value;
  } finally {
    disposeBatch(batch);
    positiveIds.dispose();
    negativeIds?.dispose();
  }
}
