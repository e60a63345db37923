export * from './errors';
export * from './csv';
export * from './items-csv';
export * from './sessions-jsonl';
export * from './split';
export * from './build-dataset';
export * from './decode-text';
