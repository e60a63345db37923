export * from './types';
export * from './pool/rank-pool';
export * from './policies';
export * from './strategies';
export * from './select-sessions';
