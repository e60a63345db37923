import { bulkInsert, type BulkColumn } from '../bulk-insert';
import type { Prediction, PrismaClient } from '../prisma-client';

export interface PredictionInput {
  /** Session row (0-based line in sessions.jsonl). */
  row: number;
  /** Item indices, best first. */
  top50: readonly number[];
  /** 0-based full-catalogue rank of the true next item. */
  trueRank: number;
  /** Teacher difficulty (REFERENCE §3); null for students. */
  difficulty: number | null;
}

const COLUMNS: BulkColumn<PredictionInput & { modelId: string }>[] = [
  { name: 'modelId', sqlType: 'text' },
  { name: 'row', sqlType: 'int' },
  { name: 'top50', sqlType: 'int[]' },
  { name: 'trueRank', sqlType: 'int' },
  { name: 'difficulty', sqlType: 'float8' },
];

export class PredictionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Replaces all of a model's predictions atomically: readers see the old set or the new one, never
   * a mix. 12k rows of 50 ints go in as JSON in two statements (see bulkInsert for why not
   * createMany). Returns the number of rows written.
   */
  async replaceForModel(modelId: string, rows: readonly PredictionInput[]): Promise<number> {
    for (const row of rows) checkPrediction(modelId, row);
    return this.prisma.$transaction(
      async (tx) => {
        await tx.prediction.deleteMany({ where: { modelId } });
        return bulkInsert(
          tx,
          'Prediction',
          COLUMNS,
          rows.map((row) => ({ modelId, row: row.row, top50: row.top50, trueRank: row.trueRank, difficulty: row.difficulty })),
        );
      },
      { timeout: 60_000 },
    );
  }

  countForModel(modelId: string): Promise<number> {
    return this.prisma.prediction.count({ where: { modelId } });
  }

  /** In row order. */
  listForModel(modelId: string): Promise<Prediction[]> {
    return this.prisma.prediction.findMany({ where: { modelId }, orderBy: { row: 'asc' } });
  }
}

/** JSON would turn NaN into null and 1.5 into a failed int cast; say which row is wrong instead. */
function checkPrediction(modelId: string, prediction: PredictionInput): void {
  const where = `prediction of model ${modelId} for row ${prediction.row}`;
  if (!Number.isInteger(prediction.row)) throw new RangeError(`${where}: row must be an integer`);
  if (!Number.isInteger(prediction.trueRank)) throw new RangeError(`${where}: trueRank must be an integer, got ${prediction.trueRank}`);
  if (!prediction.top50.every(Number.isInteger)) throw new RangeError(`${where}: top50 must hold item indices`);
  if (prediction.difficulty !== null && !Number.isFinite(prediction.difficulty)) {
    throw new RangeError(`${where}: difficulty must be a finite number or null, got ${prediction.difficulty}`);
  }
}
