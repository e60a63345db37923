/**
 * `npm run bench:artifacts`: how long writing and reading a real checkpoint takes through each
 * artifact store — PostgreSQL (the default; the local server, in a fresh schema), a directory, and
 * S3 against the SIMULATED S3 server on loopback (signing, HTTP and hashing; no network, no disk) —
 * for the teacher and student of every backbone on amazon-games (26,138 items, the larger dataset).
 * The checkpoints are untrained models of the real shapes: sizes, not weights, set the cost.
 *
 * Options (env): BENCH_REPEATS (5), TEST_DATABASE_URL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Backbone as BackboneName, DEFAULT_DIM, ModelRole } from '@alkdrec/contracts';
import { createArtifactStore, type ArtifactStore } from '@alkdrec/db';
import { createTestDatabase, startSimulatedS3Server } from '@alkdrec/db/testing';
import { createBackbone, disposeModel, initBackend, serializeModel } from '@alkdrec/models';
import { createRng } from '@alkdrec/recsys';
import { textTable } from '@alkdrec/text-table';

const ITEMS = 26_138;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function time(repeats: number, work: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

async function main(): Promise<void> {
  const repeats = Number(process.env['BENCH_REPEATS'] ?? 5);
  await initBackend('wasm');
  const checkpoints = BackboneName.options.flatMap((backbone) =>
    ModelRole.options.map((role) => {
      const model = createBackbone(backbone, { itemCount: ITEMS, dim: DEFAULT_DIM[role], maxLength: 10 }, createRng(1));
      const bytes = serializeModel(model);
      disposeModel(model);
      return { label: `${backbone} ${role} (d=${DEFAULT_DIM[role]})`, bytes };
    }),
  );

  const db = await createTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'alkdrec-bench-artifacts-'));
  const s3 = await startSimulatedS3Server({ credentials: { AKIABENCH: 'bench-secret' }, buckets: ['bench'] });
  const env = { AWS_ACCESS_KEY_ID: 'AKIABENCH', AWS_SECRET_ACCESS_KEY: 'bench-secret', AWS_ENDPOINT_URL_S3: s3.endpoint };
  try {
    const stores: [string, ArtifactStore][] = [
      ['postgres', createArtifactStore('postgres', { prisma: db.prisma })],
      ['directory', createArtifactStore(dir, { prisma: db.prisma })],
      ['s3 (simulated)', createArtifactStore('s3://bench/models', { prisma: db.prisma, env })],
    ];
    console.log(`bench:artifacts — checkpoints of amazon-games shapes (${ITEMS} items), median of ${repeats} puts and gets`);
    const rows: string[][] = [['checkpoint', 'MB', ...stores.flatMap(([name]) => [`${name} put ms`, 'get ms'])]];
    for (const { label, bytes } of checkpoints) {
      const row = [label, (bytes.byteLength / 1e6).toFixed(1)];
      for (const [, store] of stores) {
        let uri = '';
        row.push((await time(repeats, async () => (uri = await store.put(`bench/${label.replace(/\W+/g, '-')}.ckpt`, bytes)))).toFixed(0));
        row.push((await time(repeats, () => store.get(uri))).toFixed(0));
      }
      rows.push(row);
    }
    console.log(textTable(rows, { ruleUnderHeader: true }));
  } finally {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
