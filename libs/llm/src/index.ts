export * from './item-token';
export * from './prompts';
export * from './parse';
export * from './cost';
export * from './replay';
