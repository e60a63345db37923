import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@alkdrec/db';
import type { BaseConfig } from '../config/base-env.schema';
import { SERVICE_CONFIG } from '../config/service-config.module';

/** A service's one PostgreSQL client (Prisma, in DATABASE_SCHEMA), disconnected on shutdown. */
@Injectable()
export class PrismaHolder implements OnApplicationShutdown {
  readonly client: PrismaClient;

  constructor(@Inject(SERVICE_CONFIG) config: BaseConfig) {
    this.client = createPrismaClient({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.$disconnect();
  }
}
