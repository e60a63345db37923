export * from './item-token';
export * from './prompts';
