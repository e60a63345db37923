export * from './problem';
export * from './paging';
export * from './datasets';
export * from './dashboard-session';
export * from './health';
export * from './runs';
export * from './models';
export * from './recommend';
