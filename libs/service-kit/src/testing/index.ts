export * from './capture-nest-logs';
export * from './delete-keys-by-prefix';
export * from './unique-prefix';
export * from './fake-llm-process';
export * from './entry-process';
