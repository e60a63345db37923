import type { LlmCall, LlmCallStatus, PrismaClient } from '../../generated/prisma';
import { toJsonValue } from '../json-value';

/** A stored call with numbers as numbers (Prisma hands decimals back as Decimal objects). */
export interface LlmCallRecord {
  key: string;
  provider: string;
  model: string;
  prompt: unknown;
  status: LlmCallStatus;
  rawAnswer: string | null;
  parsed: unknown;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number | null;
  attempts: number;
  errorClass: string | null;
  errorMessage: string | null;
  claimedBy: string | null;
  claimedAt: Date | null;
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
   * After this long, a PENDING claim whose owner went silent (a crashed worker) may be taken over.
   * Calls carried by a batch in progress are never taken over. Default 10 minutes.
   */
  leaseMs?: number;
}

/**
 * - `claimed`: you hold the call; send it to the provider, then `complete` or `fail` it.
 * - `stored`: it already has an outcome (answered, parse failure, not available): use that, pay nothing.
 * - `in-flight`: another claimant is sending it now; try again later rather than pay twice.
 */
export type ClaimResult =
  | { kind: 'claimed'; call: LlmCallRecord }
  | { kind: 'stored'; call: LlmCallRecord }
  | { kind: 'in-flight'; call: LlmCallRecord };

export type LlmCallOutcomeStatus = Extract<LlmCallStatus, 'SUCCEEDED' | 'PARSE_FAILED' | 'NOT_AVAILABLE'>;

export interface CallOutcome {
  status: LlmCallOutcomeStatus;
  rawAnswer?: string | null;
  parsed?: unknown;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  latencyMs?: number;
}

export interface CallFailure {
  errorClass: string;
  message: string;
}

/** `complete`/`fail` by someone who does not hold the claim (it was taken over, or never claimed). */
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
 * provider refused or timed out: nothing billed) may be claimed again, which counts an attempt.
 */
export class LlmCallRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(key: string, input: ClaimInput): Promise<ClaimResult> {
    const leaseMs = input.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    const inserted = await this.prisma.$queryRawUnsafe<LlmCall[]>(
      `INSERT INTO "LlmCall" ("key", "provider", "model", "prompt", "status", "attempts", "claimedBy", "claimedAt", "updatedAt")
       VALUES ($1, $2, $3, $4::jsonb, 'PENDING', 1, $5, now(), now())
       ON CONFLICT ("key") DO NOTHING
       RETURNING *`,
      key,
      input.provider,
      input.model,
      JSON.stringify(toJsonValue(input.prompt)),
      input.owner,
    );
    if (inserted[0] !== undefined) return { kind: 'claimed', call: toLlmCallRecord(inserted[0]) };

    // The row exists. Take it if it failed, if we already hold it (a job's retry), or if its
    // claimant's lease ran out and no batch carries it. The UPDATE's row lock decides any race.
    const taken = await this.prisma.$queryRawUnsafe<LlmCall[]>(
      `UPDATE "LlmCall" c
          SET "status" = 'PENDING', "attempts" = c."attempts" + 1, "claimedBy" = $2, "claimedAt" = now(), "updatedAt" = now()
        WHERE c."key" = $1
          AND (c."status" = 'FAILED'
               OR (c."status" = 'PENDING' AND c."claimedBy" = $2)
               OR (c."status" = 'PENDING' AND c."claimedAt" < now() - make_interval(secs => $3::double precision / 1000)
                   AND NOT EXISTS (SELECT 1 FROM "LlmBatchItem" i JOIN "LlmBatch" b ON b."id" = i."batchId"
                                    WHERE i."callKey" = c."key" AND b."status" = 'IN_PROGRESS')))
        RETURNING *`,
      key,
      input.owner,
      leaseMs,
    );
    if (taken[0] !== undefined) return { kind: 'claimed', call: toLlmCallRecord(taken[0]) };

    const existing = await this.findByKey(key);
    if (existing === null) return this.claim(key, input); // deleted in between: start over
    return existing.status === 'PENDING' ? { kind: 'in-flight', call: existing } : { kind: 'stored', call: existing };
  }

  /** Records the outcome of a claimed call. Throws LlmCallNotClaimedError unless `owner` holds it. */
  async complete(key: string, owner: string, outcome: CallOutcome): Promise<LlmCallRecord> {
    const { count } = await this.prisma.llmCall.updateMany({
      where: { key, status: 'PENDING', claimedBy: owner },
      data: {
        status: outcome.status,
        rawAnswer: outcome.rawAnswer ?? null,
        parsed: outcome.parsed === undefined ? undefined : toJsonValue(outcome.parsed),
        inputTokens: outcome.inputTokens ?? 0,
        outputTokens: outcome.outputTokens ?? 0,
        costUsd: outcome.costUsd ?? 0,
        latencyMs: outcome.latencyMs === undefined ? null : Math.round(outcome.latencyMs),
        errorClass: null,
        errorMessage: null,
        claimedBy: null,
      },
    });
    if (count === 0) throw new LlmCallNotClaimedError(key, owner);
    return (await this.findByKey(key)) as LlmCallRecord;
  }

  /** The provider failed (nothing billed): FAILED with the error's class, claimable again. */
  async fail(key: string, owner: string, failure: CallFailure): Promise<LlmCallRecord> {
    const { count } = await this.prisma.llmCall.updateMany({
      where: { key, status: 'PENDING', claimedBy: owner },
      data: { status: 'FAILED', errorClass: failure.errorClass, errorMessage: failure.message, claimedBy: null },
    });
    if (count === 0) throw new LlmCallNotClaimedError(key, owner);
    return (await this.findByKey(key)) as LlmCallRecord;
  }

  /** Hands PENDING calls to a new owner (e.g. `batch:<id>` once a batch carries them); returns how many moved. */
  async transferClaims(keys: readonly string[], from: string, to: string): Promise<number> {
    const { count } = await this.prisma.llmCall.updateMany({
      where: { key: { in: [...keys] }, status: 'PENDING', claimedBy: from },
      data: { claimedBy: to, claimedAt: new Date() },
    });
    return count;
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

/** Rows from raw SQL carry numeric columns as strings, from Prisma as Decimal: both become numbers. */
export function toLlmCallRecord(row: LlmCall): LlmCallRecord {
  return { ...row, costUsd: Number(row.costUsd) };
}
