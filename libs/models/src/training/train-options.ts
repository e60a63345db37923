import type { BackboneName } from '../backbones/backbone';

export type NegativeScheme = 'in-batch' | 'uniform-bce';

export interface TrainOptions {
  backbone: BackboneName;
  dim: number;
  seed: number;
  negatives: NegativeScheme;
  batchSize: number;
  learningRate: number;
  maxSteps: number;
  /** Validate every this many steps. */
  evalEvery: number;
  /** Stop after this many validations without improvement. */
  patience: number;
  /** Validation metric: recall@validK (25 when training, 50 when distilling). */
  validK: number;
  /** Uniform negatives drawn per session for `uniform-bce` (each session is scored against its own). */
  uniformNegatives: number;
}

export interface TrainProgress {
  step: number;
  maxSteps: number;
  validRecall: number;
  bestValidRecall: number;
  bestStep: number;
  /** Loss of the batch at this step. */
  loss: number;
  /** Time spent in optimiser steps so far (validation excluded). */
  stepMs: number;
  /** Time of the validation pass just done. */
  validationPassMs: number;
}

export interface ValidationPoint {
  step: number;
  validRecall: number;
  loss: number;
}

/**
 * Reference defaults (REFERENCE §2): teacher d=100 with patience 20, student d=10 with patience 10;
 * with `uniform-bce`, 10 negatives per session for a teacher and 1 for a student (the notebooks).
 */
export function defaultTrainOptions(backbone: BackboneName, role: 'teacher' | 'student', seed: number): TrainOptions {
  return {
    backbone,
    dim: role === 'teacher' ? 100 : 10,
    seed,
    negatives: 'in-batch',
    batchSize: 1024,
    learningRate: 1e-3,
    maxSteps: 10_000,
    evalEvery: 20,
    patience: role === 'teacher' ? 20 : 10,
    validK: 25,
    uniformNegatives: role === 'teacher' ? 10 : 1,
  };
}
