import { readFile } from 'node:fs/promises';
import type { DistillPayload, RunProvider } from '@alkdrec/contracts';
import { bundledDatasetPaths, DatasetNotFoundError, type PrismaClient, type ReferenceSelectionStrategy } from '@alkdrec/db';
import { recordedAnswers, ReplayDatasetMismatchError, selectionPool, TeacherWithoutDifficultiesError, type RecordedAnswers } from '@alkdrec/llm-providers';
import { selectSessions, type SelectionStrategy } from '@alkdrec/selection';
import { CliError } from '../cli-error';

/** The recordings answer as the replay provider: the pool and the answers are replay's. */
const RECORDED: RunProvider = 'replay';

export interface DistilledRankings {
  rankings: Extract<DistillPayload['source'], { kind: 'rankings' }>['rankings'];
  /** Selected rows without a recorded answer (skipped), and recorded ids outside the catalogue (dropped). */
  missingRows: number;
  droppedIds: number;
}

/**
 * The paper's own selection for a strategy (reference-selections/<strategy>.txt, in draw order) and
 * the GPT-4 answers recorded for those sessions, as item indices: distils exactly what the paper's
 * runs distilled, with no LLM call. The first `budget` rows with a recorded answer are used. The
 * answers come from libs/llm-providers' recordedAnswers — the replay provider's reader and the
 * llm-worker's rule for turning recorded ids into item indices.
 */
export async function referenceRankings(prisma: PrismaClient, dataset: string, strategy: ReferenceSelectionStrategy, budget: number): Promise<DistilledRankings> {
  const answers = await answersOf(prisma, dataset);
  const selectionPath = bundledDatasetPaths(dataset).referenceSelectionPaths[strategy];
  const rows = (await readFile(selectionPath, 'utf8'))
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      const row = Number(line);
      if (!Number.isInteger(row) || row < 0) throw new CliError(`${selectionPath} line ${number}: expected a row number, found "${line}"`);
      return row;
    });
  const found = collect(answers, rows, budget);
  if (found.rankings.length < budget) {
    throw new CliError(`the reference ${strategy} selection of ${dataset} has only ${found.rankings.length} recorded answers (${budget} asked)`);
  }
  return found;
}

/**
 * Our own active selection (REFERENCE §5) over OUR teacher's difficulty, answered by the recorded
 * GPT-4 rankings: the pool is the selector's own (libs/llm-providers' selectionPool: with replay,
 * the training sessions that have a recorded answer), the draw libs/selection's.
 */
export async function ownSelectionRankings(
  prisma: PrismaClient,
  input: { dataset: string; teacherModelId: string; strategy: Exclude<SelectionStrategy, 'tr'>; budget: number; seed: number },
): Promise<DistilledRankings & { poolSize: number; poolNote: string }> {
  const answers = await answersOf(prisma, input.dataset);
  const pool = await selectionPool(prisma, { dataset: input.dataset, provider: RECORDED, teacherModelId: input.teacherModelId }).catch((error: unknown) => {
    if (error instanceof TeacherWithoutDifficultiesError) throw new CliError(`${error.message}: run alkdrec predict --model ${input.teacherModelId}`);
    throw error;
  });
  if (input.budget > pool.sessions.length) throw new CliError(`budget ${input.budget} exceeds the pool of ${pool.sessions.length} sessions (${pool.note})`);
  const { selected } = selectSessions({ strategy: input.strategy, pool: pool.sessions, budget: input.budget, seed: input.seed });
  return { ...collect(answers, selected.map((s) => s.row), input.budget), poolSize: pool.sessions.length, poolNote: pool.note };
}

/** The recorded answers of the first `budget` rows that have one, in the given order. */
function collect(answers: RecordedAnswers, rows: readonly number[], budget: number): DistilledRankings {
  const found: DistilledRankings = { rankings: [], missingRows: 0, droppedIds: 0 };
  for (const row of rows) {
    if (found.rankings.length === budget) break;
    const answer = answers.of(row);
    if (!answer) {
      found.missingRows++;
      continue;
    }
    found.droppedIds += answer.droppedIds;
    found.rankings.push({ row, ranking: answer.ranking });
  }
  return found;
}

async function answersOf(prisma: PrismaClient, dataset: string): Promise<RecordedAnswers> {
  try {
    return await recordedAnswers(prisma, dataset);
  } catch (error) {
    if (error instanceof ReplayDatasetMismatchError) throw new CliError(error.message);
    if (error instanceof DatasetNotFoundError) throw new CliError(`dataset "${dataset}" is not imported`);
    throw error;
  }
}
