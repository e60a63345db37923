export * from './recorded-rankings';
export * from './hints-file';
export * from './recorded-quality';
export * from './recorded-ranking-indices';
