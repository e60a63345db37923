export * from './ranking';
export * from './metrics';
