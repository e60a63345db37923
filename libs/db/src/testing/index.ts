// @alkdrec/db/testing: helpers for tests and tools (a throwaway schema, a simulated S3 server, seed rows).
// Not exported by @alkdrec/db, so the services' entries never load them.
export * from './test-database';
export * from './simulated-s3-server';
export * from './seed';
