import type { Provider } from '@nestjs/common';
import { ServingRepository } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { ArtifactStoreHolder } from './artifact-store.holder';
import { RECOMMEND_METRICS_PROVIDER } from './metered-recommend';
import { ServingRegistry } from './serving-registry';

/** What the models and recommend routes need: the artifact store, the promotions, and this replica's loaded models. */
export const SERVING_PROVIDERS: Provider[] = [
  ArtifactStoreHolder,
  { provide: ServingRepository, inject: [PrismaHolder], useFactory: (prisma: PrismaHolder) => new ServingRepository(prisma.client) },
  ServingRegistry,
  RECOMMEND_METRICS_PROVIDER,
];
