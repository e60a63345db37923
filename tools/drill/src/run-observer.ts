import type { Metrics, RunState } from '@alkdrec/contracts';
import { LlmRequestRepository, type PrismaClient, type RunLedger } from '@alkdrec/db';
import { rankingCandidates } from '@alkdrec/llm';
import type { Moment } from './scenarios';

/** One selected session as stored: its draw and the LLM's outcome for it. */
export interface SelectedSession {
  row: number;
  order: number;
  llmStatus: string | null;
  ranking: number[];
}

/** Selected sessions whose ranking prompt coincides with another selected session's. */
export interface RepeatedInSelection {
  /**
   * Selected rows whose prompt — session items and candidates (the teacher's top-50 with the true
   * item in last place when missing) — is another selected row's: exact copies, and sessions with
   * the same items whose next items are both among the teacher's top-50.
   */
  rows: number;
  /** Distinct sessions among them. */
  prompts: number;
  /** Every group got one answer: the same ranking for all its rows. */
  sameAnswers: boolean;
}

/** What a run left in the database, as the drill compares it. */
export interface RunSnapshot {
  status: RunState | 'MISSING';
  error: string | null;
  selection: SelectedSession[];
  distilled: Metrics | null;
  ledger: RunLedger;
  repeated: RepeatedInSelection;
  /** Attempts per stage (a stage re-entered after a kill counts 2). */
  stageAttempts: Record<string, number>;
}

/**
 * The drill's view of one run through its own database connection (not one of the run's: a
 * connection kill must not hit it): when to strike, and what the run left behind.
 */
export class RunObserver {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly runId: string,
  ) {}

  /**
   * mid-rank: the rank stage is running and at least `answers` LLM answers of the run are recorded;
   * mid-distill: the distill stage is running and the distilled model is being fitted.
   */
  async reached(moment: Moment, answers: number): Promise<boolean> {
    const stage = await this.prisma.runStage.findUnique({ where: { runId_name: { runId: this.runId, name: moment === 'mid-rank' ? 'rank' : 'distill' } } });
    if (stage?.status !== 'RUNNING') return false;
    if (moment === 'mid-rank') return (await this.prisma.llmRequest.count({ where: { runId: this.runId, state: 'ANSWERED' } })) >= answers;
    return (await this.prisma.model.count({ where: { role: 'distilled', status: 'TRAINING' } })) > 0;
  }

  /**
   * Terminates every PostgreSQL connection whose application_name is `applicationName`; returns how
   * many. Two statements on purpose: in one (`WHERE application_name = … AND pg_terminate_backend(pid)`)
   * the planner may call pg_terminate_backend first, on every connection of the server.
   */
  async terminateConnections(applicationName: string): Promise<number> {
    const targets = await this.prisma.$queryRawUnsafe<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      applicationName,
    );
    if (targets.length === 0) return 0;
    const rows = await this.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM unnest($1::int[]) AS pid`,
      targets.map((t) => t.pid),
    );
    return rows[0]?.n ?? 0;
  }

  async snapshot(): Promise<RunSnapshot> {
    const run = await this.prisma.run.findUnique({ where: { id: this.runId }, include: { stages: true } });
    const selection = await this.prisma.runSelection.findMany({
      where: { runId: this.runId },
      orderBy: { order: 'asc' },
      select: { row: true, order: true, llmStatus: true, ranking: true },
    });
    const evaluation = run?.distilledModelId
      ? await this.prisma.evaluation.findUnique({ where: { modelId_split_exclusion: { modelId: run.distilledModelId, split: 'TEST', exclusion: 'session' } } })
      : null;
    return {
      status: run ? run.status : 'MISSING',
      error: run?.error ?? null,
      selection,
      distilled: evaluation && { recall5: evaluation.recall5, ndcg5: evaluation.ndcg5, recall10: evaluation.recall10, ndcg10: evaluation.ndcg10 },
      ledger: await new LlmRequestRepository(this.prisma).runLedger(this.runId),
      repeated: run?.teacherModelId ? await this.repeatedIn(run.datasetId, run.teacherModelId, selection) : { rows: 0, prompts: 0, sameAnswers: true },
      stageAttempts: Object.fromEntries((run?.stages ?? []).map((s) => [s.name, s.attempts])),
    };
  }

  private async repeatedIn(datasetId: number, teacherModelId: string, selection: readonly SelectedSession[]): Promise<RepeatedInSelection> {
    const rows = selection.map((s) => s.row);
    const [sessions, predictions] = await Promise.all([
      this.prisma.session.findMany({ where: { datasetId, row: { in: rows } }, select: { row: true, items: true, next: true } }),
      this.prisma.prediction.findMany({ where: { modelId: teacherModelId, row: { in: rows } }, select: { row: true, top50: true } }),
    ]);
    const top50Of = new Map(predictions.map((p) => [p.row, p.top50]));
    const rankingOf = new Map(selection.map((s) => [s.row, JSON.stringify(s.ranking)]));
    const groups = new Map<string, number[]>();
    for (const session of sessions) {
      const key = JSON.stringify([session.items, rankingCandidates(top50Of.get(session.row) ?? [], session.next)]);
      groups.set(key, [...(groups.get(key) ?? []), session.row]);
    }
    const repeated = [...groups.values()].filter((group) => group.length > 1);
    return {
      rows: repeated.reduce((n, group) => n + group.length, 0),
      prompts: repeated.length,
      sameAnswers: repeated.every((group) => new Set(group.map((row) => rankingOf.get(row))).size === 1),
    };
  }
}
