import { Backbone } from '@alkdrec/contracts';
import { bundledDatasetPaths, importDataset, PostgresArtifactStore } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { syntheticCheckpoint } from '@alkdrec/serving/testing';

/** The recommend body's item limit (contracts' RECOMMEND_LIMITS.sessionItems): longer test sessions send their last items. */
const MAX_ITEMS = 200;

export interface ServedCase {
  dataset: string;
  backbone: Backbone;
  modelId: string;
  itemCount: number;
}

export interface ServeFixture {
  db: TestDatabase;
  cases: ServedCase[];
  /** Per dataset: one POST /v1/recommend body per test session, in the split's order. */
  bodies: Map<string, string[]>;
}

/**
 * A fresh schema with the bundled datasets imported and one READY student (d = 10) per backbone
 * and dataset, its checkpoint random weights (libs/serving's syntheticCheckpoint, stored in
 * PostgreSQL like the trainer's): the serving cost depends on the shapes, not on what was learned.
 * The request bodies are the datasets' real test sessions, as item ids.
 */
export async function prepareServeFixture(datasets: readonly string[], log: (line: string) => void): Promise<ServeFixture> {
  const db = await createTestDatabase();
  const store = new PostgresArtifactStore(db.prisma);
  const cases: ServedCase[] = [];
  const bodies = new Map<string, string[]>();
  for (const name of datasets) {
    const paths = bundledDatasetPaths(name);
    const summary = await importDataset(db.prisma, { name, itemsPath: paths.itemsPath, sessionsPath: paths.sessionsPath });
    const items = await db.prisma.item.findMany({ where: { datasetId: summary.datasetId }, orderBy: { index: 'asc' }, select: { externalId: true } });
    const ids = items.map((item) => item.externalId);
    const sessions = await db.prisma.session.findMany({ where: { datasetId: summary.datasetId, split: 'TEST' }, orderBy: { ordinal: 'asc' }, select: { items: true } });
    bodies.set(name, sessions.map((session) => JSON.stringify({ dataset: name, items: session.items.slice(-MAX_ITEMS).map((index) => ids[index]), k: 10 })));
    log(`imported ${name}: ${ids.length} items, ${sessions.length} test sessions (${summary.ms} ms)`);
    for (const backbone of Backbone.options) {
      const modelId = `bench-serve-${name}-${backbone}-student`;
      const checkpoint = syntheticCheckpoint(backbone, { itemCount: ids.length, dim: 10, maxLength: 10 }, 1);
      const artifactUri = await store.put(`models/${modelId}.ckpt`, checkpoint);
      await db.prisma.model.create({
        data: { id: modelId, datasetId: summary.datasetId, backbone, role: 'student', dim: 10, seed: 1, config: { weights: 'random (bench:serve)' }, status: 'READY', artifactUri },
      });
      cases.push({ dataset: name, backbone, modelId, itemCount: ids.length });
    }
  }
  return { db, cases, bodies };
}
