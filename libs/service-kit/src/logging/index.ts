export * from './create-root-logger';
export * from './pino-logger.service';
