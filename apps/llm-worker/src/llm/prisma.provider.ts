import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@alkdrec/db';
import { SERVICE_CONFIG, type BaseConfig } from '@alkdrec/service-kit';

/** The worker's one PostgreSQL client (catalogues; the response store), disconnected on shutdown. */
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
