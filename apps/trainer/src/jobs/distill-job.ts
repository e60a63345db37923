import { UnrecoverableError } from 'bullmq';
import { Backbone, type DistillPayload, type DistillResult } from '@alkdrec/contracts';
import {
  defaultTrainOptions, disposeModel, distillationExamples, type BackboneName, type NegativeScheme, type SessionRanking, type TrainOptions,
} from '@alkdrec/models';
import { findFitted, fitAndRecord } from './fit-and-record';
import type { TrainerJobContext } from './job-context';
import { loadReadyModel } from './load-model';
import type { TrainerJobHandle } from './progress';
import { canonicalOptions, shortHash } from './resolve-train-spec';

/** Validation during distillation uses recall@50 (REFERENCE §6), not training's recall@25. */
const DISTILL_VALID_K = 50;

/**
 * Distillation (REFERENCE §6): start from the trained student, train on the rankings' pairs with the
 * student's own loss and optimiser settings, validate recall@50 every `evalEvery` steps, stop after
 * `patience` checks without improvement, restore the best, test. Idempotent like training: the
 * distilled model's id hashes the student, the rankings and the options.
 */
export async function runDistillJob(ctx: TrainerJobContext, job: TrainerJobHandle, payload: DistillPayload): Promise<DistillResult> {
  const { row: student, model: initial } = await loadReadyModel(ctx, payload.studentModelId);
  let handedToTraining = false;
  try {
    const studentConfig = student.config as Partial<TrainOptions>;
    const options: TrainOptions = {
      ...defaultTrainOptions(student.backbone as BackboneName, 'student', payload.seed),
      dim: student.dim,
      negatives: (studentConfig.negatives ?? 'in-batch') as NegativeScheme,
      // The student's own negatives, as its loss: its stored options hold the number it resolved.
      ...(studentConfig.uniformNegatives === undefined ? {} : { uniformNegatives: studentConfig.uniformNegatives }),
      batchSize: payload.batchSize,
      learningRate: payload.learningRate,
      maxSteps: payload.maxSteps,
      evalEvery: payload.evalEvery,
      patience: payload.patience,
      validK: DISTILL_VALID_K,
    };
    const modelId = `${student.id}.distill.${hashOf(payload, options)}`;
    await job.updateProgress({ phase: 'loading', done: 0, total: options.maxSteps });
    const splits = await ctx.datasets.loadSplits(student.datasetId);
    const byRow = new Map(splits.train.map((s) => [s.row, s]));
    const rankings = await rankingsToDistil(ctx, payload, byRow);
    const examples = distillationExamples(rankings, splits.itemCount, { uniformWeight: payload.source.kind === 'teacher-top50' });
    if (examples.positive.length === 0) throw new UnrecoverableError('the rankings hold no catalogue item to distil');

    const fitted = await findFitted(ctx, modelId);
    if (fitted) {
      await job.updateProgress({ phase: 'done', done: 1, total: 1, message: 'reused an identical distilled model' });
      return { ...fitted, studentModelId: student.id, pairs: examples.positive.length };
    }

    handedToTraining = true; // from here on training owns (and disposes) the student's weights
    const record = await fitAndRecord(
      ctx,
      job,
      {
        id: modelId, datasetId: student.datasetId, backbone: Backbone.parse(student.backbone), role: 'distilled', seed: payload.seed,
        config: { ...options, studentModelId: student.id, source: payload.source.kind, sessions: rankings.length, pairs: examples.positive.length },
      },
      { itemCount: splits.itemCount, examples, valid: splits.valid, initial },
      options,
      splits.test,
    );
    return { ...record, studentModelId: student.id, pairs: examples.positive.length };
  } finally {
    if (!handedToTraining) disposeModel(initial);
  }
}

async function rankingsToDistil(
  ctx: TrainerJobContext,
  payload: DistillPayload,
  byRow: ReadonlyMap<number, SessionRanking['session']>,
): Promise<SessionRanking[]> {
  const session = (row: number) => {
    const s = byRow.get(row);
    if (!s) throw new UnrecoverableError(`row ${row} is not a training session of the student's dataset`);
    return s;
  };
  if (payload.source.kind === 'rankings') {
    return payload.source.rankings.map(({ row, ranking }) => ({ session: session(row), ranking }));
  }
  const predictions = await ctx.predictions.listForModel(payload.source.teacherModelId);
  if (predictions.length === 0) {
    throw new UnrecoverableError(`teacher ${payload.source.teacherModelId} has no stored predictions (run the predict job first)`);
  }
  return predictions.map((p) => ({ session: session(p.row), ranking: p.top50 }));
}

function hashOf(payload: DistillPayload, options: TrainOptions): string {
  return shortHash(JSON.stringify([payload.source, canonicalOptions(options)]));
}
