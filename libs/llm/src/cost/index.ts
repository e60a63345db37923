export * from './model-prices';
export * from './call-cost';
export * from './budget-tracker';
