import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PrismaHolder, runClientProvider, SERVICE_CONFIG } from '@alkdrec/service-kit';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { TokenVerifier } from './auth/token-verifier';
import { readApiTokens } from './config/api-tokens';
import type { ApiConfig } from './config/api-env.schema';
import { DASHBOARD_PATH } from './dashboard/dashboard-paths';
import { QueueDashboard } from './dashboard/queue-dashboard';
import { NotFoundFilter } from './http/not-found.filter';
import { RouteRegistrar } from './http/route-registrar';
import type { ApiRoute } from './http/route-spec';
import { ROUTE_TABLE } from './http/route-table.token';
import { ShutdownSignal } from './http/shutdown-signal';
import { API_ROUTE_TABLE } from './routes/api-routes';
import { RunWatchHub } from './routes/runs/run-watch-hub';
import { SERVING_PROVIDERS } from './serving/serving-providers';

/**
 * The api role: the route table on Fastify (http/route-registrar.ts), the queue dashboard and what
 * the handlers need. Each handler of the table is a provider; a new route's dependencies go here.
 */
@Module({})
export class ApiModule {
  static forRoutes(routes: readonly ApiRoute[] = API_ROUTE_TABLE): DynamicModule {
    const handlers: Provider[] = [...new Set(routes.flatMap((route) => ('handler' in route ? [route.handler] : [])))];
    return {
      module: ApiModule,
      imports: [
        BullBoardModule.forRoot({
          route: DASHBOARD_PATH,
          adapter: BullBoardFastifyAdapter,
          boardOptions: { uiConfig: { boardTitle: 'ALKDRec queues' } },
        }),
      ],
      providers: [
        { provide: ROUTE_TABLE, useValue: routes },
        { provide: TokenVerifier, inject: [SERVICE_CONFIG], useFactory: (config: ApiConfig) => new TokenVerifier(readApiTokens(config)) },
        { provide: APP_FILTER, useClass: NotFoundFilter },
        PrismaHolder,
        // Runs are submitted to the selector's queue and read from PostgreSQL, as the CLI does: the
        // api starts no service itself.
        runClientProvider,
        RunWatchHub,
        ShutdownSignal,
        QueueDashboard,
        RouteRegistrar,
        ...SERVING_PROVIDERS,
        ...handlers,
      ],
    };
  }
}
