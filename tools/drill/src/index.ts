export * from './drill';
export * from './drill-dataset';
export * from './drill-options';
export * from './drill-report';
export * from './run-scenario';
export * from './scenario-checks';
export * from './scenarios';
