import {
  createArtifactStore,
  createPrismaClient,
  DatasetRepository,
  EvaluationRepository,
  ModelRepository,
  PredictionRepository,
  type ArtifactStore,
} from '@alkdrec/db';
import { initBackend } from '@alkdrec/models';
import { loadTrainerJobConfig, type TrainerJobConfig } from './job-config';

/** Connections and stores a trainer job uses; built once per sandbox thread and reused. */
export interface TrainerJobContext {
  datasets: DatasetRepository;
  models: ModelRepository;
  evaluations: EvaluationRepository;
  predictions: PredictionRepository;
  artifacts: ArtifactStore;
  /** The TensorFlow.js backend in use ('tensorflow', 'wasm' or 'cpu'). */
  backend: string;
  close(): Promise<void>;
}

export async function createTrainerJobContext(config: TrainerJobConfig): Promise<TrainerJobContext> {
  const backend = await initBackend(config.TF_BACKEND);
  const prisma = createPrismaClient({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  return {
    datasets: new DatasetRepository(prisma),
    models: new ModelRepository(prisma),
    evaluations: new EvaluationRepository(prisma),
    predictions: new PredictionRepository(prisma),
    artifacts: createArtifactStore(config.ARTIFACT_STORE, { prisma }),
    backend,
    close: () => prisma.$disconnect(),
  };
}

let shared: Promise<TrainerJobContext> | undefined;

/** The sandbox thread's context, created on its first job. */
export function sharedTrainerJobContext(): Promise<TrainerJobContext> {
  shared ??= createTrainerJobContext(loadTrainerJobConfig()).catch((error: unknown) => {
    shared = undefined; // let the next job try again (the database may have been starting up)
    throw error;
  });
  return shared;
}
