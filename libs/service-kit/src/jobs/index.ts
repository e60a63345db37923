export * from './follow-job';
export * from './job-failed-error';
export * from './submit-job';
