export * from './bootstrap/bootstrap-service';
export * from './bullmq';
export * from './config';
export * from './health';
export * from './logging';
export * from './util/find-repo-root';
export * from './util/with-timeout';
export * from './testing';
