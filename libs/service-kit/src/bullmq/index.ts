export * from './active-jobs';
export * from './bullmq.module';
export * from './connection-error-logger';
export * from './queue-factory';
export * from './queue-registry.service';
export * from './queue-tuning';
export * from './redis-connection';
export * from './worker-host.service';
