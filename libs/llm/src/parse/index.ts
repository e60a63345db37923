export * from './answer-ids';
export * from './ranking-answer';
export * from './corrective-message';
export * from './hints-answer';
export * from './hints-corrective-message';
