import { RunStrategy, type CatalogueItem, type DrawnSession, type SelectedSessionDetail } from '@alkdrec/contracts';
import type { PrismaClient } from '../prisma-client';
import { DashboardRunNotFound } from './run-curves';

/** A run's stored selection: every drawn session, and the first `samples` in full with titles. */
export interface RunSelectionRows {
  runId: string;
  strategy: RunStrategy;
  poolSize: number | null;
  poolNote: string | null;
  drawn: DrawnSession[];
  samples: SelectedSessionDetail[];
}

/**
 * Reads RunSelection in draw order, and for the first `samples` sessions the session's items and
 * next item (Session), the teacher's top candidates and its rank of the next item (Prediction) and
 * the LLM's ranking (RunSelection.ranking), every item index turned into its id and title (Item).
 */
export async function readRunSelection(prisma: PrismaClient, runId: string, options: { samples: number; top: number }): Promise<RunSelectionRows> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { datasetId: true, strategy: true, poolSize: true, poolNote: true, teacherModelId: true } });
  if (!run) throw new DashboardRunNotFound(runId);
  const rows = await prisma.runSelection.findMany({ where: { runId }, orderBy: { order: 'asc' } });
  const drawn = rows.map(({ order, row, rank, probability, difficulty, llmStatus }) => ({ order, row, rank, probability, difficulty, llmStatus }));
  const picked = rows.slice(0, options.samples);
  const sessionRows = picked.map((s) => s.row);
  const [sessions, predictions] = await Promise.all([
    prisma.session.findMany({ where: { datasetId: run.datasetId, row: { in: sessionRows } } }),
    run.teacherModelId === null ? [] : prisma.prediction.findMany({ where: { modelId: run.teacherModelId, row: { in: sessionRows } } }),
  ]);
  const wanted = new Set<number>();
  for (const s of sessions) for (const i of [...s.items, s.next]) wanted.add(i);
  for (const p of predictions) for (const i of p.top50.slice(0, options.top)) wanted.add(i);
  for (const s of picked) for (const i of s.ranking.slice(0, options.top)) wanted.add(i);
  const items = await prisma.item.findMany({ where: { datasetId: run.datasetId, index: { in: [...wanted] } }, select: { index: true, externalId: true, title: true } });
  const byIndex = new Map(items.map((item) => [item.index, { itemId: item.externalId, title: item.title }]));
  const item = (index: number): CatalogueItem => byIndex.get(index) ?? { itemId: `#${index}`, title: `(item index ${index} not in the catalogue)` };
  const samples: SelectedSessionDetail[] = [];
  for (const s of picked) {
    const session = sessions.find((x) => x.row === s.row);
    if (!session) continue;
    const prediction = predictions.find((p) => p.row === s.row);
    samples.push({
      order: s.order,
      row: s.row,
      rank: s.rank,
      difficulty: s.difficulty,
      llmStatus: s.llmStatus,
      session: session.items.map(item),
      next: item(session.next),
      teacher: (prediction?.top50 ?? []).slice(0, options.top).map(item),
      teacherTrueRank: prediction?.trueRank ?? null,
      llm: s.ranking.slice(0, options.top).map(item),
    });
  }
  return { runId, strategy: RunStrategy.parse(run.strategy), poolSize: run.poolSize, poolNote: run.poolNote, drawn, samples };
}
