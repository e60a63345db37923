// @alkdrec/serving/testing: synthetic checkpoints for tests and benchmarks.
// Not exported by @alkdrec/serving, so the services' entries never load them.
export * from './synthetic-checkpoint';
