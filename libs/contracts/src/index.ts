export * from './queues';
export * from './domain';
export * from './trainer-jobs';
export * from './parse';
export * from './llm-jobs';
export * from './job-id';
export * from './run-jobs';
export * from './api';
