import type { PrismaClient } from '../../generated/prisma';
import { toJsonValue } from '../json-value';
import { checkUsd, describeExhaustion, exhaustedLimit, USD_EPSILON, type BudgetExhausted, type LlmRunRepository } from './llm-run.repository';
import { workerAliveSql } from './llm-worker.repository';

/** A request about to be sent: who sends it, for which call and run, and the most it can cost. */
export interface RequestOpening {
  /** Chosen by the caller (a UUID), so it can be tracked as in flight before the insert returns. */
  id: string;
  callKey: string;
  runId: string;
  /** The job that sends it. */
  owner: string;
  /** The llm-worker process (LlmWorkerRepository) that sends it. */
  workerId: string;
  /** Reserved on the run until the request has an outcome (maxCostOf). */
  estimatedUsd: number;
}

export type OpenResult = { kind: 'opened' } | BudgetExhausted;

/** An answer as it arrived, with what the caller made of it. */
export interface ArrivedAnswer {
  callKey: string;
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  /** Whether the caller could use it; an unusable answer is stored as PARSE_FAILED (paid, kept). */
  usable: boolean;
  /** The caller's parse (or its parse failure), stored with the answer. */
  parsed: unknown;
  /** Unusable answers: why (e.g. `unparseable`, `off-candidate`), counted as a fault of that class. */
  faultClass?: string;
  /** A recorded provider's content as recorded, kept so a reuse needs no parsing back from `text`. */
  recorded?: unknown;
}

export interface AnswerRecorded {
  /** The request's row moved to ANSWERED now (false: an earlier call of this method did it). */
  recorded: boolean;
  /** The answer became the call's stored answer (false: the call already had an answer). */
  stored: boolean;
}

export interface RequestFailure {
  callKey: string;
  /** Who holds the call's claim: it is freed (FAILED, claimable again) only if they still do. */
  owner: string;
  faultClass: string;
  message: string;
  httpStatus?: number;
}

/** A run's LLM figures, derived from its request rows (the ledger's truth). */
export interface RunLedger {
  /** Requests sent to the provider (every attempt, refused and lost ones included). */
  requests: number;
  /** Answers received and recorded (usable or not). */
  answers: number;
  /** Requests whose worker died before their outcome was recorded: counted as billed. */
  lost: number;
  /** Requests still in flight (their reservations open). */
  open: number;
  /** Faults by class: provider errors (rate_limit_error, overloaded_error, api_error, timeout…) and unusable answers (unparseable, off-candidate). */
  faults: Record<string, number>;
  /** What the recorded answers cost. */
  answeredUsd: number;
  /**
   * An estimate of what the lost requests cost: each at the cost of the answer its prompt got in
   * the end (same input tokens, the output of that answer), or at its reserved maximum when its
   * prompt was never answered.
   */
  lostUsd: number;
}

/** The request `$1`, locked, if it may still take an outcome (SENT, or LOST: a worker thought dead may still answer). */
const OPEN_REQUEST_FOR_UPDATE = `SELECT "id", "state", "estimatedUsd", "runId" FROM "LlmRequest" WHERE "id" = $1 AND "state" IN ('SENT', 'LOST') FOR UPDATE`;

/**
 * A dead worker's requests are never touched while the batch carrying them can still answer.
 * (Data-modifying CTEs below run to completion whether or not the final SELECT reads them.)
 */
const NOT_HELD_BY_LIVE_BATCH = `NOT EXISTS (SELECT 1 FROM "LlmBatch" b WHERE b."id" = r."batchId" AND b."status" IN ('SUBMITTING', 'IN_PROGRESS'))`;

/**
 * The request ledger: one row per request sent to the provider, written BEFORE it is sent (with
 * its maximum cost reserved on the run) and given its outcome the moment that is known. Each
 * transition is one SQL statement that moves the row and the run's budget counters together (and,
 * for an answer, stores it in the response store and links it to the run), so a crash leaves
 * either all of it or none. Transitions start from SENT or LOST only, so recording an outcome
 * twice changes nothing: callers may retry a write whose reply they did not see.
 *
 * A request whose worker died is LOST: counted against the budget at its reserved maximum and
 * reported at an estimate. If its answer turns up after all (a worker thought dead), the answer
 * replaces the estimate.
 */
export class LlmRequestRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Reserves the request's maximum cost on the run (which must exist) and records it as SENT, or says which limit refuses it. */
  async open(request: RequestOpening, runs: Pick<LlmRunRepository, 'totals'>): Promise<OpenResult> {
    checkUsd('estimatedUsd', request.estimatedUsd);
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `WITH run AS (
         UPDATE "LlmRun"
            SET "reservedUsd" = "reservedUsd" + $6::numeric, "reservedCalls" = "reservedCalls" + 1, "updatedAt" = now()
          WHERE "id" = $3
            AND ("budgetCalls" IS NULL OR "spentCalls" + "reservedCalls" + 1 <= "budgetCalls")
            AND ("budgetUsd" IS NULL OR "spentUsd" + "reservedUsd" + $6::numeric <= "budgetUsd" + $7::numeric)
          RETURNING "id")
       INSERT INTO "LlmRequest" ("id", "callKey", "runId", "owner", "workerId", "estimatedUsd")
       SELECT $1, $2, run."id", $4, $5, $6::numeric FROM run
       RETURNING "id"`,
      request.id,
      request.callKey,
      request.runId,
      request.owner,
      request.workerId,
      request.estimatedUsd,
      USD_EPSILON,
    );
    if (rows.length === 1) return { kind: 'opened' };
    const totals = await runs.totals(request.runId);
    const limit = exhaustedLimit(totals);
    return { kind: 'budget-exhausted', limit, totals, requestedUsd: request.estimatedUsd, message: describeExhaustion(limit, totals, request.estimatedUsd) };
  }

  /**
   * The answer arrived: the request is ANSWERED at its cost (the run's reservation becomes
   * spending, or a lost estimate is replaced), the call gets the answer unless it has a usable one
   * already (whoever holds its claim), and the run is linked to the call. One statement.
   */
  async answer(requestId: string, answer: ArrivedAnswer): Promise<AnswerRecorded> {
    checkUsd('costUsd', answer.costUsd);
    const rows = await this.prisma.$queryRawUnsafe<{ recorded: number; stored: number }[]>(
      `WITH prev AS (${OPEN_REQUEST_FOR_UPDATE}),
       req AS (
         UPDATE "LlmRequest" r
            SET "state" = 'ANSWERED', "costUsd" = $3::numeric, "inputTokens" = $4, "outputTokens" = $5, "latencyMs" = $6,
                "usable" = $7, "faultClass" = $8, "finishedAt" = now()
           FROM prev WHERE r."id" = prev."id"
         RETURNING prev."state" AS "old", prev."estimatedUsd" AS "est", prev."runId" AS "runId"),
       run AS (
         UPDATE "LlmRun" l
            SET "reservedUsd" = CASE WHEN req."old" = 'SENT' THEN GREATEST(l."reservedUsd" - req."est", 0) ELSE l."reservedUsd" END,
                "reservedCalls" = CASE WHEN req."old" = 'SENT' THEN GREATEST(l."reservedCalls" - 1, 0) ELSE l."reservedCalls" END,
                "spentUsd" = l."spentUsd" + $3::numeric - CASE WHEN req."old" = 'LOST' THEN req."est" ELSE 0 END,
                "spentCalls" = l."spentCalls" + CASE WHEN req."old" = 'SENT' THEN 1 ELSE 0 END,
                "updatedAt" = now()
           FROM req WHERE l."id" = req."runId"
         RETURNING l."id"),
       link AS (
         INSERT INTO "LlmRunCall" ("runId", "callKey", "costUsd", "cached")
         SELECT req."runId", $2, $3::numeric, false FROM req
         ON CONFLICT ("runId", "callKey") DO UPDATE SET "costUsd" = "LlmRunCall"."costUsd" + EXCLUDED."costUsd", "cached" = false
         RETURNING 1),
       call AS (
         UPDATE "LlmCall" c
            SET "status" = (CASE WHEN $7 THEN 'SUCCEEDED' ELSE 'PARSE_FAILED' END)::"LlmCallStatus",
                "rawAnswer" = $9, "parsed" = $10::jsonb, "recorded" = $11::jsonb, "inputTokens" = $4, "outputTokens" = $5, "costUsd" = $3::numeric,
                "latencyMs" = $6, "parseFailures" = c."parseFailures" + CASE WHEN $7 THEN 0 ELSE 1 END,
                "errorClass" = NULL, "errorMessage" = NULL, "claimedBy" = NULL, "claimedWorker" = NULL, "updatedAt" = now()
          WHERE c."key" = $2 AND (c."status" IN ('PENDING', 'FAILED') OR (c."status" = 'PARSE_FAILED' AND $7))
         RETURNING 1)
       SELECT (SELECT count(*) FROM req)::int AS "recorded", (SELECT count(*) FROM call)::int AS "stored"`,
      requestId,
      answer.callKey,
      answer.costUsd,
      answer.inputTokens,
      answer.outputTokens,
      Math.round(answer.latencyMs),
      answer.usable,
      answer.usable ? null : (answer.faultClass ?? 'unparseable'),
      answer.text,
      answer.parsed === undefined ? null : JSON.stringify(toJsonValue(answer.parsed)),
      answer.recorded === undefined ? null : JSON.stringify(toJsonValue(answer.recorded)),
    );
    const row = rows[0];
    return { recorded: (row?.recorded ?? 0) > 0, stored: (row?.stored ?? 0) > 0 };
  }

  /**
   * The provider refused or failed the request (nothing billed): FAILED with its class, the
   * reservation released (or a lost estimate taken back), and the call freed for a later claim if
   * `owner` still holds it.
   */
  async fail(requestId: string, failure: RequestFailure): Promise<boolean> {
    return this.closeUnbilled(requestId, 'FAILED', 'FAILED', failure);
  }

  /** Replay had no recording: nothing was sent or billed; the call is stored as NOT_AVAILABLE for its holder. */
  async notAvailable(requestId: string, failure: Pick<RequestFailure, 'callKey' | 'owner' | 'message'>): Promise<void> {
    await this.closeUnbilled(requestId, 'NOT_AVAILABLE', 'NOT_AVAILABLE', failure);
  }

  /** One statement: the request leaves SENT/LOST unbilled, the run's counters follow, the holder's call takes `callStatus`. */
  private async closeUnbilled(
    requestId: string,
    state: 'FAILED' | 'NOT_AVAILABLE',
    callStatus: 'FAILED' | 'NOT_AVAILABLE',
    failure: Pick<RequestFailure, 'callKey' | 'owner' | 'message'> & Partial<Pick<RequestFailure, 'faultClass' | 'httpStatus'>>,
  ): Promise<boolean> {
    const rows = await this.prisma.$queryRawUnsafe<{ recorded: number }[]>(
      `WITH prev AS (${OPEN_REQUEST_FOR_UPDATE}),
       req AS (
         UPDATE "LlmRequest" r SET "state" = $7::"LlmRequestState", "costUsd" = 0, "faultClass" = $4, "httpStatus" = $6, "finishedAt" = now()
           FROM prev WHERE r."id" = prev."id"
         RETURNING prev."state" AS "old", prev."estimatedUsd" AS "est", prev."runId" AS "runId"),
       run AS (${releaseSql('req')}),
       call AS (
         UPDATE "LlmCall" SET "status" = $8::"LlmCallStatus", "errorClass" = $4, "errorMessage" = $5, "claimedBy" = NULL, "claimedWorker" = NULL, "updatedAt" = now()
          WHERE "key" = $2 AND "status" = 'PENDING' AND "claimedBy" = $3
         RETURNING 1)
       SELECT (SELECT count(*) FROM req)::int AS "recorded"`,
      requestId,
      failure.callKey,
      failure.owner,
      failure.faultClass ?? null,
      failure.message,
      failure.httpStatus ?? null,
      state,
      callStatus,
    );
    return (rows[0]?.recorded ?? 0) > 0;
  }

  /**
   * Requests still SENT whose worker is dead (stopped, or silent past its lease) and which no live
   * batch carries: their answers, if any came, were lost with the worker. Each becomes LOST and is
   * counted against its run at its reserved maximum (the reservation becomes spending). Optionally
   * only those of one call (a claim just taken over from a dead holder). With `requestIds`: those
   * requests whatever their worker (a live worker whose answer arrived but could not be recorded:
   * paid, so counted). Returns how many.
   */
  async markLost(filter: { callKey?: string; requestIds?: readonly string[] } = {}): Promise<number> {
    const rows = await this.prisma.$queryRawUnsafe<{ lost: number }[]>(
      `WITH lost AS (
         UPDATE "LlmRequest" r SET "state" = 'LOST', "costUsd" = r."estimatedUsd", "finishedAt" = now()
          WHERE r."state" = 'SENT' AND ($1::text IS NULL OR r."callKey" = $1)
            AND (r."id" = ANY($2::text[]) OR ($2::text[] IS NULL AND NOT ${workerAliveSql('r."workerId"')}))
            AND ${NOT_HELD_BY_LIVE_BATCH}
         RETURNING r."runId", r."estimatedUsd"),
       per_run AS (SELECT "runId", SUM("estimatedUsd") AS "usd", COUNT(*)::int AS "n" FROM lost GROUP BY "runId"),
       run AS (
         UPDATE "LlmRun" l
            SET "reservedUsd" = GREATEST(l."reservedUsd" - p."usd", 0), "reservedCalls" = GREATEST(l."reservedCalls" - p."n", 0),
                "spentUsd" = l."spentUsd" + p."usd", "spentCalls" = l."spentCalls" + p."n", "updatedAt" = now()
           FROM per_run p WHERE l."id" = p."runId"
         RETURNING 1)
       SELECT COALESCE(SUM("n"), 0)::int AS "lost" FROM per_run`,
      filter.callKey ?? null,
      filter.requestIds === undefined ? null : [...filter.requestIds],
    );
    return rows[0]?.lost ?? 0;
  }

  /**
   * A live worker's own SENT requests that it knows it never sent (not in its in-flight list, and
   * older than `olderThanMs`): e.g. an insert whose reply was lost on a broken connection and which
   * the job then retried. They become FAILED (`not_sent`) and their reservations are released.
   */
  async failUnsent(workerId: string, inFlight: readonly string[], olderThanMs: number): Promise<number> {
    const rows = await this.prisma.$queryRawUnsafe<{ n: number }[]>(
      `WITH gone AS (
         UPDATE "LlmRequest" r SET "state" = 'FAILED', "faultClass" = 'not_sent', "finishedAt" = now()
          WHERE r."workerId" = $1 AND r."state" = 'SENT' AND r."batchId" IS NULL AND NOT (r."id" = ANY($2::text[]))
            AND r."sentAt" < now() - make_interval(secs => $3::double precision / 1000)
         RETURNING r."estimatedUsd" AS "est", r."runId" AS "runId"),
       per_run AS (SELECT "runId", SUM("est") AS "usd", COUNT(*)::int AS "n" FROM gone GROUP BY "runId"),
       run AS (
         UPDATE "LlmRun" l SET "reservedUsd" = GREATEST(l."reservedUsd" - p."usd", 0), "reservedCalls" = GREATEST(l."reservedCalls" - p."n", 0), "updatedAt" = now()
           FROM per_run p WHERE l."id" = p."runId"
         RETURNING 1)
       SELECT COALESCE(SUM("n"), 0)::int AS "n" FROM per_run`,
      workerId,
      [...inFlight],
      olderThanMs,
    );
    return rows[0]?.n ?? 0;
  }

  /** The run's figures from its request rows. */
  /**
   * Requests and cost of several runs at once (the run list), counted as runLedger counts them:
   * requests other than NOT_AVAILABLE; answered cost plus lost requests at their estimate.
   */
  async ledgerTotals(runIds: readonly string[]): Promise<Map<string, { requests: number; costUsd: number }>> {
    if (runIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRawUnsafe<{ runId: string; requests: number; answeredUsd: string | null; lostUsd: string | null }[]>(
      `SELECT r."runId" AS "runId",
              COUNT(*) FILTER (WHERE r."state" <> 'NOT_AVAILABLE')::int AS "requests",
              SUM(r."costUsd") FILTER (WHERE r."state" = 'ANSWERED') AS "answeredUsd",
              SUM(COALESCE((SELECT c."costUsd" FROM "LlmCall" c WHERE c."key" = r."callKey" AND c."status" IN ('SUCCEEDED', 'PARSE_FAILED')),
                           r."estimatedUsd")) FILTER (WHERE r."state" = 'LOST') AS "lostUsd"
         FROM "LlmRequest" r WHERE r."runId" = ANY($1::text[]) GROUP BY r."runId"`,
      [...runIds],
    );
    return new Map(rows.map((row) => [row.runId, { requests: row.requests, costUsd: Number(row.answeredUsd ?? 0) + Number(row.lostUsd ?? 0) }]));
  }

  async runLedger(runId: string): Promise<RunLedger> {
    const [totals, faults] = await Promise.all([
      this.prisma.$queryRawUnsafe<
        { requests: number; answers: number; lost: number; open: number; answeredUsd: string | null; lostUsd: string | null }[]
      >(
        `SELECT COUNT(*) FILTER (WHERE r."state" <> 'NOT_AVAILABLE')::int AS "requests",
                COUNT(*) FILTER (WHERE r."state" = 'ANSWERED')::int AS "answers",
                COUNT(*) FILTER (WHERE r."state" = 'LOST')::int AS "lost",
                COUNT(*) FILTER (WHERE r."state" = 'SENT')::int AS "open",
                SUM(r."costUsd") FILTER (WHERE r."state" = 'ANSWERED') AS "answeredUsd",
                SUM(COALESCE((SELECT c."costUsd" FROM "LlmCall" c WHERE c."key" = r."callKey" AND c."status" IN ('SUCCEEDED', 'PARSE_FAILED')),
                             r."estimatedUsd")) FILTER (WHERE r."state" = 'LOST') AS "lostUsd"
           FROM "LlmRequest" r WHERE r."runId" = $1`,
        runId,
      ),
      this.prisma.$queryRawUnsafe<{ faultClass: string; n: number }[]>(
        `SELECT "faultClass", COUNT(*)::int AS "n" FROM "LlmRequest"
          WHERE "runId" = $1 AND "faultClass" IS NOT NULL AND "state" IN ('FAILED', 'ANSWERED')
          GROUP BY "faultClass" ORDER BY "faultClass"`,
        runId,
      ),
    ]);
    const row = totals[0];
    return {
      requests: row?.requests ?? 0,
      answers: row?.answers ?? 0,
      lost: row?.lost ?? 0,
      open: row?.open ?? 0,
      faults: Object.fromEntries(faults.map((f) => [f.faultClass, f.n])),
      answeredUsd: Number(row?.answeredUsd ?? 0),
      lostUsd: Number(row?.lostUsd ?? 0),
    };
  }
}

/** The run update of a request leaving SENT (reservation released) or LOST (its estimated charge taken back) unbilled. */
function releaseSql(req: string): string {
  return `UPDATE "LlmRun" l
             SET "reservedUsd" = CASE WHEN ${req}."old" = 'SENT' THEN GREATEST(l."reservedUsd" - ${req}."est", 0) ELSE l."reservedUsd" END,
                 "reservedCalls" = CASE WHEN ${req}."old" = 'SENT' THEN GREATEST(l."reservedCalls" - 1, 0) ELSE l."reservedCalls" END,
                 "spentUsd" = CASE WHEN ${req}."old" = 'LOST' THEN GREATEST(l."spentUsd" - ${req}."est", 0) ELSE l."spentUsd" END,
                 "spentCalls" = CASE WHEN ${req}."old" = 'LOST' THEN GREATEST(l."spentCalls" - 1, 0) ELSE l."spentCalls" END,
                 "updatedAt" = now()
            FROM ${req} WHERE l."id" = ${req}."runId"
          RETURNING l."id"`;
}
