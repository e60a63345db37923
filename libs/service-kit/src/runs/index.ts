export * from './run-client';
export * from './run-errors';
export * from './follow-run';
export * from './watch-run';
export * from './withdraw-rankings';
export * from './run-client.provider';
