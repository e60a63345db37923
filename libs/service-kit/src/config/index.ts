export * from './artifact-store-env';
export * from './base-env.schema';
export * from './config-error';
export * from './env-fields';
export * from './load-config';
export * from './service-config.module';
export * from './parse-role-list';
export * from './artifact-store-env';
