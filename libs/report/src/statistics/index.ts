export * from './rank-metrics';
export * from './spread';
export * from './normal';
export * from './binomial';
export * from './paired-hits';
export * from './sign-flip';
