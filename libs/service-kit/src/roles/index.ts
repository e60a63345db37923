export * from './service-role';
export * from './service-app.module';
export * from './env-schema-of-roles';
