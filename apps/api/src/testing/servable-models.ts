import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backbone } from '@alkdrec/contracts';
import { importDataset, PostgresArtifactStore, toJsonValue, type PrismaClient } from '@alkdrec/db';
import { syntheticCheckpoint } from '@alkdrec/serving/testing';
import { FIXTURE_ITEMS, FIXTURE_SESSIONS } from './dataset-fixture';

/** A dataset for serving tests: the 12-item upload fixture, imported as the api would. */
export interface FixtureDataset {
  id: number;
  name: string;
  /** Item ids in catalogue (index) order. */
  itemIds: string[];
}

export async function importFixtureDataset(prisma: PrismaClient, name: string): Promise<FixtureDataset> {
  const dir = await mkdtemp(join(tmpdir(), 'alkdrec-api-fixture-'));
  try {
    await writeFile(join(dir, 'items.csv'), FIXTURE_ITEMS);
    await writeFile(join(dir, 'sessions.jsonl'), FIXTURE_SESSIONS);
    const summary = await importDataset(prisma, { name, itemsPath: join(dir, 'items.csv'), sessionsPath: join(dir, 'sessions.jsonl') });
    const items = await prisma.item.findMany({ where: { datasetId: summary.datasetId }, orderBy: { index: 'asc' }, select: { externalId: true } });
    return { id: summary.datasetId, name, itemIds: items.map((item) => item.externalId) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface StoredModelOptions {
  id: string;
  dataset: FixtureDataset;
  backbone?: Backbone;
  role?: 'teacher' | 'student' | 'distilled';
  status?: 'READY' | 'TRAINING' | 'FAILED';
  /** Default 10 (100 for a teacher). */
  dim?: number;
  /** Seeds the random weights too: two models with different seeds score differently. */
  seed?: number;
  config?: Record<string, unknown>;
  /** `missing`: READY with an artifact URI that holds nothing. Default: a synthetic checkpoint in PostgreSQL. */
  checkpoint?: 'stored' | 'missing' | 'none';
  createdAt?: Date;
}

/**
 * A model row with a checkpoint of random weights (libs/serving's syntheticCheckpoint) stored in
 * the PostgreSQL artifact store, as the trainer would leave it: what serving and export read,
 * without training anything. Returns the checkpoint bytes (undefined when none was stored).
 */
export async function storeModel(prisma: PrismaClient, options: StoredModelOptions): Promise<Uint8Array | undefined> {
  const backbone = options.backbone ?? 'fpmc';
  const role = options.role ?? 'student';
  const dim = options.dim ?? (role === 'teacher' ? 100 : 10);
  const seed = options.seed ?? 1;
  const status = options.status ?? 'READY';
  const mode = options.checkpoint ?? (status === 'READY' ? 'stored' : 'none');
  let checkpoint: Uint8Array | undefined;
  let artifactUri: string | null = null;
  if (mode === 'stored') {
    checkpoint = syntheticCheckpoint(backbone, { itemCount: options.dataset.itemIds.length, dim, maxLength: 10 }, seed);
    artifactUri = await new PostgresArtifactStore(prisma).put(`models/${options.id}.ckpt`, checkpoint);
  } else if (mode === 'missing') {
    artifactUri = `postgres-artifact:models/${options.id}.gone.ckpt`;
  }
  await prisma.model.create({
    data: {
      id: options.id, datasetId: options.dataset.id, backbone, role, dim, seed, config: toJsonValue(options.config ?? {}), status, artifactUri,
      ...(status === 'READY' ? { steps: 40, wallMs: 1234 } : {}),
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    },
  });
  return checkpoint;
}

/** Polls `check` every 25 ms until it returns a value, or fails after `timeoutMs` with the last thing seen. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
