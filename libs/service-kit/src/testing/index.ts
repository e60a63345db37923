export * from './capture-nest-logs';
export * from './delete-keys-by-prefix';
export * from './unique-prefix';
// Service entries as child processes now live in @alkdrec/process-kit (tools start services too and
// may not import this Nest library); re-exported for the services' specs.
export { startEntryProcess, waitForLogLine, type EntryProcess, type ProcessExit } from '@alkdrec/process-kit';
export * from './redis-server';
export * from './until';
