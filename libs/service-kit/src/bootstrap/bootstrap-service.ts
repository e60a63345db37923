import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AbstractHttpAdapter } from '@nestjs/core/adapters/http-adapter';
import type { BaseConfig } from '../config/base-env.schema';
import { createRootLogger } from '../logging/create-root-logger';
import { PinoLoggerService } from '../logging/pino-logger.service';

export interface BootstrapOptions {
  /** Written as `service` on every log line. */
  service: string;
  /** The root module, built from the validated config. */
  module: Parameters<typeof NestFactory.create>[0];
  config: Readonly<BaseConfig>;
  /**
   * The HTTP platform; default Express (`@nestjs/platform-express`), which the worker services use
   * for their probes. The api passes a Fastify adapter (`@nestjs/platform-fastify`).
   */
  httpAdapter?: AbstractHttpAdapter;
}

/**
 * Starts a service whose config main.ts has already validated: JSON logs from the first line,
 * shutdown hooks (SIGTERM/SIGINT drain workers, close queues and pools), HTTP for health probes.
 */
export async function bootstrapService({ service, module, config, httpAdapter }: BootstrapOptions): Promise<INestApplication> {
  const logger = new PinoLoggerService(createRootLogger({ service, level: config.LOG_LEVEL }));
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ msg: 'unhandled promise rejection', err: reason instanceof Error ? reason : new Error(String(reason)) }, 'Process');
    process.exit(1);
  });

  const app = httpAdapter ? await NestFactory.create(module, httpAdapter, { logger }) : await NestFactory.create(module, { logger });
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const url = await app.getUrl();
  logger.log({ msg: `${service} ready for probes on ${url}`, url }, 'Bootstrap');
  return app;
}
