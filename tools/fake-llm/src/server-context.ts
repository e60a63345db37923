import type { BatchStore } from './batch-store';
import type { HeldResponses } from './held-responses';
import type { RollingRequestLimit } from './request-rate-limit';
import type { Simulator } from './simulator';
import type { StatsCounter } from './stats';

/** What every API surface handler needs from the server. */
export interface ServerContext {
  simulator: Simulator;
  stats: StatsCounter;
  held: HeldResponses;
  batches: BatchStore;
  retryAfterSeconds: number;
  /** The per-minute request limit of the generation routes (admits everything when none is set). */
  requestLimit: RollingRequestLimit;
  /** The server's own URL (`http://127.0.0.1:PORT`), for absolute links such as results_url. */
  baseUrl(): string;
  /** A fresh id with the provider's prefix (`msg`, `msgbatch`, `chatcmpl`). */
  nextId(prefix: string): string;
  /** True (and counted down) while batch creates are to be dropped after creating (`dropBatchCreateResponses`). */
  takeBatchCreateDrop(): boolean;
}
