export * from './capture-nest-logs';
export * from './unique-prefix';
