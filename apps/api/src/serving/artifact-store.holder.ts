import { Inject, Injectable } from '@nestjs/common';
import { createArtifactStore, type ArtifactStore } from '@alkdrec/db';
import { PrismaHolder, SERVICE_CONFIG, type BaseConfig } from '@alkdrec/service-kit';

/**
 * The api's artifact store (ARTIFACT_STORE; reads follow each checkpoint URI's scheme), from which
 * the serving registry loads promoted models and the export route reads checkpoints.
 */
@Injectable()
export class ArtifactStoreHolder {
  readonly store: ArtifactStore;

  constructor(@Inject(SERVICE_CONFIG) config: BaseConfig, prisma: PrismaHolder) {
    this.store = createArtifactStore(config.ARTIFACT_STORE, { prisma: prisma.client });
  }
}
