import type { LlmCall, LlmCallStatus, PrismaClient } from '../../generated/prisma';
import { toJsonValue } from '../json-value';
import { workerAliveSql } from './llm-worker.repository';

/** A stored call with numbers as numbers (Prisma hands decimals back as Decimal objects). */
export interface LlmCallRecord {
  key: string;
  provider: string;
  model: string;
  prompt: unknown;
  status: LlmCallStatus;
  rawAnswer: string | null;
  /** A recorded provider's answer as recorded (see ArrivedAnswer.recorded). */
  recorded: unknown;
  parsed: unknown;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number | null;
  attempts: number;
  errorClass: string | null;
  errorMessage: string | null;
  claimedBy: string | null;
  claimedWorker: string | null;
  claimedAt: Date | null;
  parseFailures: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClaimInput {
  provider: string;
  model: string;
  /** What was hashed into the key (stored for audits and for the batch driver to resend). */
  prompt: unknown;
  /** Who will call the provider: a job id, a worker id. Only this claimant may complete or fail the call. */
  owner: string;
  /**
   * The llm-worker process (LlmWorkerRepository) that will send it. A PENDING claim is taken over
   * as soon as its worker is dead (stopped, or silent past its own lease) — seconds, not minutes.
   * Without a worker (tools, tests) a claim is taken back by the same owner or after `leaseMs`.
   */
  worker?: string;
  /**
   * Claims without a worker only: after this long, a PENDING claim is taken over (the claimant
   * crashed). Calls carried by a batch in progress are never taken over. Default 10 minutes.
   */
  leaseMs?: number;
  /**
   * How many times an answer stored as PARSE_FAILED is asked again: while the call has at most
   * this many unusable answers, a claim takes it back (another paid request, counted) instead of
   * reusing the failure. Default 0: a parse failure is final.
   */
  parseFailedRetries?: number;
  /**
   * The claimant knows it has no request of its own in flight for this call (it keeps the list):
   * a PENDING claim under the same owner and worker is an orphan (e.g. a reply the database sent
   * but the worker never received) and is taken back.
   */
  reclaimOwn?: boolean;
}

/** Why a claim was granted on a row that already existed. */
export type ClaimTakeover = 'failed' | 'parse-failed' | 'dead-holder' | 'own';

/**
 * - `claimed`: you hold the call; send it to the provider, then record its outcome. `takeover`
 *   says why an existing row was yours to take; after `dead-holder` the dead worker's unfinished
 *   requests should be marked lost (LlmRequestRepository.markLost).
 * - `stored`: it already has an outcome (answered, parse failure, not available): use that, pay nothing.
 * - `in-flight`: another claimant is sending it now; wait for its outcome rather than pay twice.
 */
export type ClaimResult =
  | { kind: 'claimed'; call: LlmCallRecord; takeover?: ClaimTakeover }
  | { kind: 'stored'; call: LlmCallRecord }
  | { kind: 'in-flight'; call: LlmCallRecord };

export interface CallFailure {
  errorClass: string;
  message: string;
}

/** `fail` by someone who does not hold the claim (it was taken over, or never claimed). */
export class LlmCallNotClaimedError extends Error {
  override readonly name = 'LlmCallNotClaimedError';
  constructor(readonly key: string, readonly owner: string) {
    super(`LLM call ${key} is not PENDING under ${JSON.stringify(owner)}; its outcome was not recorded`);
  }
}

export const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;

/**
 * The response store. Never pay twice: `claim` inserts the call as PENDING with INSERT … ON CONFLICT
 * DO NOTHING, so of any number of workers racing on one prompt exactly one gets `claimed` and calls
 * the provider; the others get `in-flight` (or, once it is answered, `stored`). A FAILED call (the
 * provider refused or timed out: nothing billed) may be claimed again, which counts an attempt; so
 * may a PENDING call whose worker is dead, and a PARSE_FAILED one within `parseFailedRetries`.
 * Answers and failures of sent requests are written by the request ledger (LlmRequestRepository).
 */
export class LlmCallRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(key: string, input: ClaimInput): Promise<ClaimResult> {
    const leaseMs = input.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    const inserted = await this.prisma.$queryRawUnsafe<LlmCall[]>(
      `INSERT INTO "LlmCall" ("key", "provider", "model", "prompt", "status", "attempts", "claimedBy", "claimedWorker", "claimedAt", "updatedAt")
       VALUES ($1, $2, $3, $4::jsonb, 'PENDING', 1, $5, $6, now(), now())
       ON CONFLICT ("key") DO NOTHING
       RETURNING *`,
      key,
      input.provider,
      input.model,
      JSON.stringify(toJsonValue(input.prompt)),
      input.owner,
      input.worker ?? null,
    );
    if (inserted[0] !== undefined) return { kind: 'claimed', call: toLlmCallRecord(inserted[0]) };

    // The row exists. The UPDATE's row lock decides any race; `takeover` is computed from the row
    // as it was (the subquery sees the version the UPDATE replaces).
    const taken = await this.prisma.$queryRawUnsafe<(LlmCall & { takeover: ClaimTakeover })[]>(
      `UPDATE "LlmCall" c
          SET "status" = 'PENDING', "attempts" = c."attempts" + 1, "claimedBy" = $2, "claimedWorker" = $3,
              "claimedAt" = now(), "updatedAt" = now()
         FROM (SELECT "key",
                      CASE WHEN "status" = 'FAILED' THEN 'failed'
                           WHEN "status" = 'PARSE_FAILED' THEN 'parse-failed'
                           WHEN "claimedBy" = $2 AND "claimedWorker" IS NOT DISTINCT FROM $3 THEN 'own'
                           ELSE 'dead-holder' END AS "takeover"
                 FROM "LlmCall" WHERE "key" = $1) before
        WHERE c."key" = $1 AND before."key" = c."key"
          AND (c."status" = 'FAILED'
               OR (c."status" = 'PARSE_FAILED' AND c."parseFailures" <= $5)
               OR (c."status" = 'PENDING'
                   AND NOT EXISTS (SELECT 1 FROM "LlmBatchItem" i JOIN "LlmBatch" b ON b."id" = i."batchId"
                                    WHERE i."callKey" = c."key" AND b."status" IN ('SUBMITTING', 'IN_PROGRESS'))
                   AND (${holderDeadSql('c')}
                        OR ($6 AND c."claimedBy" = $2 AND c."claimedWorker" IS NOT DISTINCT FROM $3))))
        RETURNING c.*, before."takeover"`,
      key,
      input.owner,
      input.worker ?? null,
      leaseMs,
      input.parseFailedRetries ?? 0,
      input.reclaimOwn ?? false,
    );
    const row = taken[0];
    if (row !== undefined) {
      const { takeover, ...call } = row;
      return { kind: 'claimed', call: toLlmCallRecord(call), takeover };
    }

    const existing = await this.findByKey(key);
    if (existing === null) return this.claim(key, input); // deleted in between: start over
    return existing.status === 'PENDING' ? { kind: 'in-flight', call: existing } : { kind: 'stored', call: existing };
  }

  /**
   * Gives the claim up without a request having been sent (e.g. the run's budget refused it):
   * FAILED with the reason, claimable again. Outcomes of sent requests are recorded through the
   * request ledger (LlmRequestRepository), which writes the call with them.
   */
  async fail(key: string, owner: string, failure: CallFailure): Promise<LlmCallRecord> {
    const { count } = await this.prisma.llmCall.updateMany({
      where: { key, status: 'PENDING', claimedBy: owner },
      data: { status: 'FAILED', errorClass: failure.errorClass, errorMessage: failure.message, claimedBy: null, claimedWorker: null },
    });
    if (count === 0) throw new LlmCallNotClaimedError(key, owner);
    return (await this.findByKey(key)) as LlmCallRecord;
  }

  async findByKey(key: string): Promise<LlmCallRecord | null> {
    const row = await this.prisma.llmCall.findUnique({ where: { key } });
    return row === null ? null : toLlmCallRecord(row);
  }

  async findByKeys(keys: readonly string[]): Promise<LlmCallRecord[]> {
    const rows = await this.prisma.llmCall.findMany({ where: { key: { in: [...keys] } } });
    return rows.map(toLlmCallRecord);
  }
}

/**
 * SQL condition "the PENDING claim on `<alias>` has no live holder": its worker is dead (see
 * workerAliveSql), or — for a claim made without a worker — its owner asks again (`$2`, a job's
 * retry) or its lease (`$4` ms) has run out.
 */
function holderDeadSql(alias: string): string {
  return `((${alias}."claimedWorker" IS NOT NULL AND NOT ${workerAliveSql(`${alias}."claimedWorker"`)})
           OR (${alias}."claimedWorker" IS NULL
               AND (${alias}."claimedBy" = $2 OR ${alias}."claimedAt" < now() - make_interval(secs => $4::double precision / 1000))))`;
}

/** Rows from raw SQL carry numeric columns as strings, from Prisma as Decimal: both become numbers. */
export function toLlmCallRecord(row: LlmCall): LlmCallRecord {
  return { ...row, costUsd: Number(row.costUsd) };
}
