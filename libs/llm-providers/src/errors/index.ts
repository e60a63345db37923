export * from './provider-errors';
export * from './classify-http-error';
