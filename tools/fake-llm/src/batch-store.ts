import { createRng } from '@alkdrec/recsys';
import type { AnthropicMessage } from './anthropic-messages';
import { seedFrom } from './stable-hash';

/** One line of a batch's results file, as the real API writes it. */
export interface BatchResultLine {
  custom_id: string;
  result: { type: 'succeeded'; message: AnthropicMessage } | { type: 'errored'; error: unknown } | { type: 'expired' };
}

/** The MessageBatch object of the real API. */
export interface MessageBatchView {
  id: string;
  type: 'message_batch';
  processing_status: 'in_progress' | 'ended';
  request_counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
  created_at: string;
  ended_at: string | null;
  expires_at: string;
  archived_at: null;
  cancel_initiated_at: null;
  results_url: string | null;
}

interface StoredBatch {
  id: string;
  createdAtMs: number;
  endsAtMs: number;
  results: BatchResultLine[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Batches live in the server process, not in any client: a provider that restarts can go on
 * polling a batch id it saved. Results are computed when the batch is created (the simulation is
 * deterministic, so nothing is gained by waiting) and released once the processing time is over;
 * status is derived from the clock on each poll, so no timer runs per batch.
 */
export class BatchStore {
  private batches = new Map<string, StoredBatch>();

  constructor(
    private readonly processingMs: number,
    private readonly seed: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(id: string, results: BatchResultLine[]): void {
    const createdAtMs = this.now();
    // The real API does not keep request order in the results file; neither do we, so clients
    // that match by custom_id (as they must) are the only ones that pass.
    const rng = createRng(seedFrom(this.seed, 'batch-order', id));
    const shuffled = [...results];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as BatchResultLine, shuffled[i] as BatchResultLine];
    }
    this.batches.set(id, { id, createdAtMs, endsAtMs: createdAtMs + this.processingMs, results: shuffled });
  }

  view(id: string, baseUrl: string): MessageBatchView | undefined {
    const batch = this.batches.get(id);
    if (batch === undefined) return undefined;
    const ended = this.isEnded(batch);
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const line of batch.results) {
      if (!ended) counts.processing++;
      else counts[line.result.type]++;
    }
    return {
      id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: counts,
      created_at: new Date(batch.createdAtMs).toISOString(),
      ended_at: ended ? new Date(batch.endsAtMs).toISOString() : null,
      expires_at: new Date(batch.createdAtMs + DAY_MS).toISOString(),
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${baseUrl}/v1/messages/batches/${encodeURIComponent(id)}/results` : null,
    };
  }

  /** Every batch, newest first (as the API lists them). */
  list(baseUrl: string): MessageBatchView[] {
    return [...this.batches.keys()].reverse().map((id) => this.view(id, baseUrl) as MessageBatchView);
  }

  /** The results, or `undefined` for an unknown batch, or `'in_progress'` before it ends. */
  results(id: string): BatchResultLine[] | 'in_progress' | undefined {
    const batch = this.batches.get(id);
    if (batch === undefined) return undefined;
    return this.isEnded(batch) ? batch.results : 'in_progress';
  }

  clear(): void {
    this.batches = new Map();
  }

  private isEnded(batch: StoredBatch): boolean {
    return this.now() >= batch.endsAtMs;
  }
}
