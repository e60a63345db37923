export * from './follow-job';
export * from './job-failed-error';
export * from './job-states';
export * from './job-vanished-error';
export * from './queue-unavailable-error';
export * from './submit-job';
export * from './wait-for-job';
