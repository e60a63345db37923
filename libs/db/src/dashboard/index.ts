export * from './run-curves';
export * from './run-selection-detail';
export * from './compare-runs';
export * from './search-items';
