export * from './max-min-draw';
export * from './ordered-draw';
export * from './uniform-draw';
