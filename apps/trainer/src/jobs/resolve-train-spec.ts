import { createHash } from 'node:crypto';
import { DEFAULT_DIM, defaultNegativesOf, type DatasetMetadata, type TrainSpec } from '@alkdrec/contracts';
import { BACKBONE_REVISION, defaultTrainOptions, type TrainOptions } from '@alkdrec/models';

/** What `uniformNegatives` resolved to before it meant "per session"; unused by in-batch training. */
const UNUSED_UNIFORM_NEGATIVES = 256;

/** A TrainSpec with every default filled in: what actually defines the model. */
export interface ResolvedTrainSpec {
  dataset: string;
  backbone: TrainSpec['backbone'];
  role: TrainSpec['role'];
  seed: number;
  options: TrainOptions;
}

/**
 * Fills every default of a spec. The negative scheme, when the spec names none, is the dataset's
 * (its stored metadata: the bundled MovieLens says uniform BCE for AttMix, as the reference trains it,
 * REFERENCE §2; anything not named trains with in-batch BPR) — never guessed from the dataset's name.
 */
export function resolveTrainSpec(spec: TrainSpec, metadata: DatasetMetadata): ResolvedTrainSpec {
  const base = defaultTrainOptions(spec.backbone, spec.role, spec.seed);
  const negatives = spec.negatives ?? defaultNegativesOf(metadata, spec.backbone);
  return {
    dataset: spec.dataset,
    backbone: spec.backbone,
    role: spec.role,
    seed: spec.seed,
    options: {
      ...base,
      dim: spec.dim ?? DEFAULT_DIM[spec.role],
      negatives,
      // Only uniform BCE draws uniform negatives (per session: 10 for a teacher, 1 for a student).
      // In-batch training ignores the number, so it keeps the value every earlier version resolved:
      // the ids of FPMC and STAMP models trained before stay theirs (the id hashes every option).
      uniformNegatives: negatives === 'uniform-bce' ? base.uniformNegatives : UNUSED_UNIFORM_NEGATIVES,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      maxSteps: spec.maxSteps,
      evalEvery: spec.evalEvery,
      patience: spec.patience ?? base.patience,
    },
  };
}

/**
 * Deterministic model id: readable prefix plus a hash of the full resolved options and the
 * backbone's architecture revision, so a retried
 * job — or another run asking for the same model — finds the same row and checkpoint.
 */
export function modelIdFor(resolved: ResolvedTrainSpec): string {
  const { dataset, backbone, role, seed, options } = resolved;
  // Revision 1 adds nothing, so ids from before revisions existed stay valid.
  const revision = BACKBONE_REVISION[backbone] > 1 ? `|r${BACKBONE_REVISION[backbone]}` : '';
  const hash = shortHash(`${dataset}|${JSON.stringify(canonicalOptions(options))}${revision}`);
  return `${dataset}.${backbone}.${role}.d${options.dim}.s${seed}.${hash}`;
}

/** Training options as [name, value] pairs in name order: the same options always print the same. */
export function canonicalOptions(options: TrainOptions): [string, unknown][] {
  return Object.keys(options).sort().map((k) => [k, options[k as keyof TrainOptions]]);
}

/** The first 10 hex digits of a sha256: the suffix of deterministic model ids. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
