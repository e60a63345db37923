import { ServingAction } from '@alkdrec/contracts';
import type { Prisma, PrismaClient } from '../prisma-client';
import { ServingError } from './serving-error';

/** The model serving a dataset, as of one promotion row. */
export interface ServingState {
  dataset: string;
  modelId: string;
  action: ServingAction;
  /** The row's id: the serving version that made this model current. */
  promotionId: number;
  by: string | null;
  at: Date;
}

/** Datasets whose serving model changed since a version, and the version they are current at. */
export interface ServingChange {
  version: number;
  datasets: string[];
}

type Tx = Prisma.TransactionClient;
type PromotionRow = { id: number; modelId: string; action: string; by: string | null; createdAt: Date; dataset: { name: string } };
const ROW = { id: true, modelId: true, action: true, by: true, createdAt: true, dataset: { select: { name: true } } } as const;

/**
 * Which model serves each dataset, with the whole history (ServingPromotion). Promotions are a
 * stack: `promote` pushes a model, `rollback` pops back to the one promoted before the current one.
 * Every write takes one transaction-scoped advisory lock first, so concurrent promotions from
 * several api replicas are applied one after another (a consistent history) and row ids grow in
 * commit order: `max(id)` is a version that any replica can poll cheaply.
 */
export class ServingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Puts a READY model of the dataset in service. Promoting the current model again changes nothing. */
  promote(datasetName: string, modelId: string, by?: string): Promise<ServingState> {
    return this.locked(async (tx) => {
      const dataset = await datasetOf(tx, datasetName);
      const model = await tx.model.findUnique({ where: { id: modelId }, select: { status: true, datasetId: true, dataset: { select: { name: true } } } });
      if (model === null) throw new ServingError('unknown-model', 'modelId', `model ${JSON.stringify(modelId)} not found`);
      if (model.datasetId !== dataset.id) {
        throw new ServingError('wrong-dataset', 'modelId', `model ${JSON.stringify(modelId)} was trained on dataset ${JSON.stringify(model.dataset.name)}, not ${JSON.stringify(datasetName)}`);
      }
      if (model.status !== 'READY') throw new ServingError('not-ready', 'modelId', `model ${JSON.stringify(modelId)} is ${model.status}, not READY`);
      const latest = await tx.servingPromotion.findFirst({ where: { datasetId: dataset.id }, orderBy: { id: 'desc' }, select: ROW });
      if (latest?.modelId === modelId) return stateOf(latest);
      return stateOf(await tx.servingPromotion.create({ data: { datasetId: dataset.id, modelId, action: 'promote', by: by ?? null }, select: ROW }));
    });
  }

  /** Goes back to the model promoted before the current one; refused when there is none. */
  rollback(datasetName: string, by?: string): Promise<ServingState> {
    return this.locked(async (tx) => {
      const dataset = await datasetOf(tx, datasetName);
      const rows = await tx.servingPromotion.findMany({ where: { datasetId: dataset.id }, orderBy: { id: 'asc' }, select: { modelId: true, action: true } });
      const stack = replay(rows);
      const current = stack.at(-1);
      const previous = stack.at(-2);
      if (current === undefined) throw new ServingError('nothing-to-roll-back', 'dataset', `no model serves dataset ${JSON.stringify(datasetName)}: nothing to roll back`);
      if (previous === undefined) {
        throw new ServingError('nothing-to-roll-back', 'dataset', `no model was promoted for dataset ${JSON.stringify(datasetName)} before ${JSON.stringify(current)}: nothing to roll back to`);
      }
      return stateOf(await tx.servingPromotion.create({ data: { datasetId: dataset.id, modelId: previous, action: 'rollback', by: by ?? null }, select: ROW }));
    });
  }

  /** The model serving the dataset, or null when none was ever promoted. */
  async current(datasetName: string): Promise<ServingState | null> {
    const dataset = await datasetOf(this.prisma, datasetName);
    const latest = await this.prisma.servingPromotion.findFirst({ where: { datasetId: dataset.id }, orderBy: { id: 'desc' }, select: ROW });
    return latest === null ? null : stateOf(latest);
  }

  /** The serving model of every dataset that has one (what an api replica loads at start). */
  async currentAll(): Promise<ServingState[]> {
    const latest = await this.prisma.servingPromotion.groupBy({ by: ['datasetId'], _max: { id: true } });
    const ids = latest.map((row) => row._max.id).filter((id): id is number => id !== null);
    const rows = await this.prisma.servingPromotion.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' }, select: ROW });
    return rows.map(stateOf);
  }

  /** Every promote and rollback of the dataset, newest first. */
  async history(datasetName: string, limit = 100): Promise<ServingState[]> {
    const dataset = await datasetOf(this.prisma, datasetName);
    const rows = await this.prisma.servingPromotion.findMany({ where: { datasetId: dataset.id }, orderBy: { id: 'desc' }, take: limit, select: ROW });
    return rows.map(stateOf);
  }

  /** Changes on every promote or rollback of any dataset (one index lookup): poll it. */
  async version(): Promise<number> {
    const [row] = await this.prisma.$queryRawUnsafe<{ version: number }[]>('SELECT coalesce(max("id"), 0)::int AS "version" FROM "ServingPromotion"');
    return row?.version ?? 0;
  }

  /** The datasets promoted or rolled back after `version`, and the version that covers them. */
  async changedSince(version: number): Promise<ServingChange> {
    const rows = await this.prisma.$queryRawUnsafe<{ name: string; last: number }[]>(
      'SELECT d."name", max(p."id")::int AS "last" FROM "ServingPromotion" p JOIN "Dataset" d ON d."id" = p."datasetId" WHERE p."id" > $1 GROUP BY d."name" ORDER BY d."name"',
      version,
    );
    return { version: Math.max(version, ...rows.map((r) => r.last)), datasets: rows.map((r) => r.name) };
  }

  private locked<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        // One lock per schema for every promotion: held to commit, so ids are committed in order.
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.ServingPromotion'))`);
        return work(tx);
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  }
}

async function datasetOf(db: Tx | PrismaClient, name: string): Promise<{ id: number }> {
  const dataset = await db.dataset.findUnique({ where: { name }, select: { id: true } });
  if (dataset === null) throw new ServingError('unknown-dataset', 'dataset', `dataset ${JSON.stringify(name)} not found`);
  return dataset;
}

/** The promotion stack after these rows, oldest first (a rollback pops the current model). */
export function replay(rows: readonly { modelId: string; action: string }[]): string[] {
  const stack: string[] = [];
  for (const row of rows) {
    if (ServingAction.parse(row.action) === 'promote') stack.push(row.modelId);
    else stack.pop();
  }
  return stack;
}

function stateOf(row: PromotionRow): ServingState {
  return { dataset: row.dataset.name, modelId: row.modelId, action: ServingAction.parse(row.action), promotionId: row.id, by: row.by, at: row.createdAt };
}
