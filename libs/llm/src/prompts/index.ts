export * from './dataset-domain';
export * from './prompt-input-error';
export * from './quote-text';
export * from './candidates';
export * from './ranking-prompt';
export * from './hint-prompt';
export * from './hint-sessions';
