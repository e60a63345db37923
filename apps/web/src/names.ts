import type { Backbone, ExperimentVariant, RunProvider, RunState, RunStrategy, StoredModelRole } from '@alkdrec/contracts';

/**
 * The contracts' lists of names, for the forms' choices. Written out here because the contracts'
 * zod schemas are not bundled (types only); the checks below fail the type check when a list
 * here misses a name the contracts have.
 */
export const BACKBONES = ['fpmc', 'stamp', 'attmix'] as const satisfies readonly Backbone[];
export const STRATEGIES = ['alkdrec', 'random', 'easiest', 'hardest', 'rad-bc', 'tr'] as const satisfies readonly RunStrategy[];
export const PROVIDERS = ['replay', 'anthropic', 'anthropic-batch', 'openai-compatible'] as const satisfies readonly RunProvider[];
export const RUN_STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const satisfies readonly RunState[];
export const MODEL_ROLES = ['teacher', 'student', 'distilled'] as const satisfies readonly StoredModelRole[];
export const VARIANTS = ['student', 'teacher', 'tr', 'random', 'easiest', 'hardest', 'rad-bc', 'alkdrec'] as const satisfies readonly ExperimentVariant[];

type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
export const LISTS_ARE_COMPLETE: [
  Complete<Backbone, (typeof BACKBONES)[number]>,
  Complete<RunStrategy, (typeof STRATEGIES)[number]>,
  Complete<RunProvider, (typeof PROVIDERS)[number]>,
  Complete<RunState, (typeof RUN_STATES)[number]>,
  Complete<StoredModelRole, (typeof MODEL_ROLES)[number]>,
  Complete<ExperimentVariant, (typeof VARIANTS)[number]>,
] = [true, true, true, true, true, true];
