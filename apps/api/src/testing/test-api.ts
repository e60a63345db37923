import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { loadConfig, ServiceAppModule } from '@alkdrec/service-kit';
import { deleteKeysByPrefix, uniquePrefix } from '@alkdrec/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { ApiModule } from '../api.module';
import { apiEnvSchema, apiEnvShape } from '../config/api-env.schema';
import { createApiHttpAdapter } from '../http/api-http-adapter';
import type { ApiRoute } from '../http/route-spec';
import { API_ROUTE_TABLE } from '../routes/api-routes';

/** The token every test api accepts (API_TOKENS). */
export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${TEST_TOKEN}` } as const;

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

export interface TestApi {
  app: NestFastifyApplication;
  fastify: FastifyInstance;
  db: TestDatabase;
  /** Its BULLMQ_PREFIX. */
  prefix: string;
  /** Set when started with `listen`: http://127.0.0.1:<port>. */
  url: string | undefined;
  /** Everything the api logged, as the structured entries Nest's logger received. */
  logs: unknown[];
  /** Closes the app, then drops its schema and its queue keys. */
  close(): Promise<void>;
}

/**
 * The api in this process, as its entry builds it (ServiceAppModule with the api role, the Fastify
 * adapter), over a schema and a BullMQ prefix of its own, with API_TOKENS = TEST_TOKEN unless `env`
 * says otherwise. Requests go through `fastify.inject`, or real HTTP with `listen`.
 */
export async function startTestApi(options: { env?: Record<string, string>; routes?: readonly ApiRoute[]; listen?: boolean; db?: TestDatabase } = {}): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase());
  const prefix = uniquePrefix('api');
  const role = { envShape: apiEnvShape, queues: [], module: ApiModule.forRoutes(options.routes ?? API_ROUTE_TABLE) };
  const config = loadConfig(apiEnvSchema, {
    DATABASE_URL: db.databaseUrl,
    DATABASE_SCHEMA: db.schema,
    REDIS_URL,
    BULLMQ_PREFIX: prefix,
    HTTP_HOST: '127.0.0.1',
    API_TOKENS: TEST_TOKEN,
    ...options.env,
  });
  const logs: unknown[] = [];
  const app = await NestFactory.create<NestFastifyApplication>(ServiceAppModule.forRoles([role], config), createApiHttpAdapter(config), {
    logger: recordingLogger(logs),
  });
  let url: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  } else {
    await app.init();
  }
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  await fastify.ready();
  return {
    app,
    fastify,
    db,
    prefix,
    url,
    logs,
    close: async () => {
      await app.close();
      if (!options.db) await db.drop();
      await deleteKeysByPrefix(REDIS_URL, prefix);
    },
  };
}

function recordingLogger(logs: unknown[]): LoggerService {
  const record = (level: string) => (message: unknown, ...rest: unknown[]) => void logs.push({ level, message, rest });
  return { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose'), fatal: record('fatal') };
}
