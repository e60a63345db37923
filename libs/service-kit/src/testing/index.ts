export * from './capture-nest-logs';
export * from './delete-keys-by-prefix';
export * from './unique-prefix';
export * from './entry-process';
export * from './redis-server';
export * from './until';
