export * from './database-options';
export * from './prisma-client';
export * from './migrations/migration-files';
export * from './migrations/migrate';
export * from './testing/test-database';
export * from './import/import-errors';
export * from './import/read-dataset-file';
export * from './import/import-dataset';
