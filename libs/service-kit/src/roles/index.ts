export * from './service-role';
export * from './service-app.module';
