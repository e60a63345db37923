export * from './entry-process';
export * from './own-redis-server';
