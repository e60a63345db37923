export type { StageDeps } from './stage-context';

/** Nest token of the stages' dependencies (assembled in SelectorModule). */
export const STAGE_DEPS = Symbol('STAGE_DEPS');
