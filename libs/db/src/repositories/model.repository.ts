import type { Model, PrismaClient } from '../prisma-client';
import { Prisma } from '../prisma-client';
import { toJsonValue } from '../json-value';

export interface StartTrainingInput {
  /** Deterministic in the configuration, so a retried job finds (and restarts) its own row. */
  id: string;
  datasetId: number;
  backbone: string;
  role: string;
  dim: number;
  seed: number;
  config: Record<string, unknown>;
}

/** One validation check during training (schema: Model.history). */
export type TrainingHistoryPoint = { step: number; recall: number; loss: number };

export interface TrainingResult {
  steps: number;
  bestStep: number;
  bestValidRecall: number;
  wallMs: number;
  history: readonly TrainingHistoryPoint[];
  artifactUri: string;
  /** TF.js backend that ran the training (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
}

export class ModelNotFoundError extends Error {
  override readonly name = 'ModelNotFoundError';
  constructor(readonly modelId: string) {
    super(`model ${JSON.stringify(modelId)} not found`);
  }
}

export class ModelRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates the model row in TRAINING, or puts an existing one back into TRAINING and clears the
   * previous attempt's results, so a READY row never shows numbers from a run that was replaced.
   */
  startTraining(input: StartTrainingInput): Promise<Model> {
    const fields = {
      datasetId: input.datasetId,
      backbone: input.backbone,
      role: input.role,
      dim: input.dim,
      seed: input.seed,
      config: toJsonValue(input.config),
      status: 'TRAINING' as const,
    };
    return this.prisma.model.upsert({
      where: { id: input.id },
      create: { id: input.id, ...fields },
      update: {
        ...fields,
        steps: null,
        bestStep: null,
        bestValidRecall: null,
        wallMs: null,
        history: Prisma.DbNull,
        artifactUri: null,
        backend: null,
        error: null,
      },
    });
  }

  markReady(id: string, result: TrainingResult): Promise<Model> {
    return this.update(id, {
      status: 'READY',
      steps: result.steps,
      bestStep: result.bestStep,
      bestValidRecall: result.bestValidRecall,
      wallMs: Math.round(result.wallMs),
      history: toJsonValue(result.history),
      artifactUri: result.artifactUri,
      backend: result.backend,
      error: null,
    });
  }

  /** Records why training failed; an Error is stored as its message. */
  markFailed(id: string, error: unknown): Promise<Model> {
    return this.update(id, { status: 'FAILED', error: error instanceof Error ? error.message : String(error) });
  }

  findById(id: string): Promise<Model | null> {
    return this.prisma.model.findUnique({ where: { id } });
  }

  private async update(id: string, data: Prisma.ModelUpdateInput): Promise<Model> {
    try {
      return await this.prisma.model.update({ where: { id }, data });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
        throw new ModelNotFoundError(id);
      }
      throw error;
    }
  }
}
