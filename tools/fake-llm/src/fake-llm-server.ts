import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBatchResults, handleCreateBatch, handleListBatches, handleRetrieveBatch } from './anthropic-batches';
import { handleMessages } from './anthropic-messages';
import { AnswerEngine } from './answers';
import { BatchStore } from './batch-store';
import { anthropicClientErrorType, anthropicError, openAiError, type ErrorReply } from './error-bodies';
import { FaultPlanner } from './faults';
import { HeldResponses } from './held-responses';
import { ClientRequestError, sendJson } from './http-io';
import { handleChatCompletions } from './openai-chat';
import { resolveOptions, type FakeLlmServerOptions, type ResolvedOptions } from './options';
import { RollingRequestLimit } from './request-rate-limit';
import { loadRecordedAnswers, type RecordedAnswers, type RecordedAnswersSummary } from './recorded-answers';
import type { ServerContext } from './server-context';
import { Simulator } from './simulator';
import { StatsCounter, type FakeLlmStats, type RouteName } from './stats';

/** Loopback only: this server exists for tests and benchmarks on one machine. */
export const FAKE_LLM_HOST = '127.0.0.1';

const BATCH_PATH = /^\/v1\/messages\/batches\/([^/]+)$/;
const BATCH_RESULTS_PATH = /^\/v1\/messages\/batches\/([^/]+)\/results$/;

/**
 * A SIMULATED LLM provider for tests and benchmarks — not a model. It speaks the Anthropic
 * Messages and Message Batches APIs and the OpenAI chat completions API on 127.0.0.1, answers
 * ranking prompts from the paper's recorded GPT-4 rankings (or a seeded permutation of the
 * prompt's candidates), and injects faults and latency on demand. Every random choice is seeded,
 * and everything it did is counted (`stats()`, GET /_fake/stats).
 */
export class FakeLlmServer {
  private readonly options: ResolvedOptions;
  private readonly stats_ = new StatsCounter();
  private readonly held = new HeldResponses();
  private readonly batches: BatchStore;
  private readonly requestLimit: RollingRequestLimit;
  private readonly http: Server;
  private simulator: Simulator | undefined;
  private recordings: RecordedAnswers | undefined;
  private boundUrl: string | undefined;
  private idCounter = 0;
  private readonly instance = randomBytes(4).toString('hex');
  private batchCreateDropsLeft: number;

  constructor(options: FakeLlmServerOptions = {}) {
    this.options = resolveOptions(options);
    this.batches = new BatchStore(this.options.batchProcessingMs, this.options.seed);
    this.batchCreateDropsLeft = this.options.dropBatchCreateResponses;
    this.requestLimit = new RollingRequestLimit(this.options.rateLimitRpm);
    this.http = createServer((req, res) => void this.route(req, res));
  }

  /** Loads recordings, listens on 127.0.0.1 and returns the bound URL, e.g. `http://127.0.0.1:40123`. */
  async start(): Promise<string> {
    if (this.boundUrl !== undefined) throw new Error('FakeLlmServer already started');
    const { datasets, datasetsDir, recordings, seed, rankingLength } = this.options;
    this.recordings = recordings ?? (datasets.length > 0 ? await loadRecordedAnswers(datasets, datasetsDir) : undefined);
    this.simulator = new Simulator({
      seed,
      latency: this.options.latencyMs,
      extractPromptItems: this.options.extractPromptItems,
      faults: new FaultPlanner(seed, this.options.faults, this.options.schedule),
      answers: new AnswerEngine({ seed, rankingLength, recordings: this.recordings }),
      stats: this.stats_,
    });
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, FAKE_LLM_HOST, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const { port } = this.http.address() as AddressInfo;
    this.boundUrl = `http://${FAKE_LLM_HOST}:${port}`;
    return this.boundUrl;
  }

  get url(): string {
    if (this.boundUrl === undefined) throw new Error('FakeLlmServer not started');
    return this.boundUrl;
  }

  /** What was loaded from the datasets (undefined when no recordings are used). */
  get recordingsSummary(): RecordedAnswersSummary | undefined {
    return this.recordings?.summary;
  }

  stats(): FakeLlmStats {
    return this.stats_.snapshot({ hangingNow: this.held.hangingCount, inFlightNow: this.held.inFlightCount, rateLimit: this.requestLimit.stats() });
  }

  /** As if freshly started: counters, attempt numbers, the fault schedule, the rate-limit window and batches start over. */
  reset(): void {
    this.stats_.reset();
    this.requestLimit.reset();
    this.simulator?.reset();
    this.batches.clear();
    this.idCounter = 0;
    this.batchCreateDropsLeft = this.options.dropBatchCreateResponses;
  }

  /** Stops listening, cuts hanging and delayed requests, and resolves once the socket is closed. */
  async close(): Promise<void> {
    if (!this.http.listening) return;
    this.held.dropAll();
    const closed = new Promise<void>((resolve, reject) => this.http.close((error) => (error ? reject(error) : resolve())));
    this.http.closeAllConnections();
    await closed;
  }

  private context(): ServerContext {
    return {
      simulator: this.simulator as Simulator,
      stats: this.stats_,
      held: this.held,
      batches: this.batches,
      retryAfterSeconds: this.options.retryAfterSeconds,
      requestLimit: this.requestLimit,
      baseUrl: () => this.url,
      // Unique across server instances too, as a real provider's ids are (a client may have recorded another server's).
      nextId: (prefix) => `${prefix}_fake_${this.instance}${(++this.idCounter).toString().padStart(8, '0')}`,
      takeBatchCreateDrop: () => this.batchCreateDropsLeft > 0 && this.batchCreateDropsLeft-- > 0,
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const surface = path.startsWith('/v1/chat/') ? 'openai' : 'anthropic';
    let route: RouteName = 'unknown';
    try {
      if (path === '/_fake/stats' && method === 'GET') return sendJson(res, 200, this.stats());
      if (path === '/_fake/reset' && method === 'POST') {
        this.reset();
        return sendJson(res, 200, this.stats());
      }
      const ctx = this.context();
      let match: RegExpMatchArray | null;
      if (method === 'POST' && path === '/v1/messages') {
        this.stats_.request((route = 'messages'));
        return await handleMessages(ctx, req, res);
      }
      if (method === 'POST' && path === '/v1/messages/batches') {
        this.stats_.request((route = 'batches.create'));
        return await handleCreateBatch(ctx, req, res);
      }
      if (method === 'GET' && path === '/v1/messages/batches') {
        this.stats_.request((route = 'batches.list'));
        return handleListBatches(ctx, req, res, url.searchParams);
      }
      if (method === 'GET' && (match = BATCH_RESULTS_PATH.exec(path)) !== null) {
        this.stats_.request((route = 'batches.results'));
        return handleBatchResults(ctx, req, res, decodeURIComponent(match[1] as string));
      }
      if (method === 'GET' && (match = BATCH_PATH.exec(path)) !== null) {
        this.stats_.request((route = 'batches.retrieve'));
        return handleRetrieveBatch(ctx, req, res, decodeURIComponent(match[1] as string));
      }
      if (method === 'POST' && path === '/v1/chat/completions') {
        this.stats_.request((route = 'chat.completions'));
        return await handleChatCompletions(ctx, req, res);
      }
      this.stats_.request(route);
      throw new ClientRequestError(404, `the fake LLM server does not simulate ${method} ${path}`);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      const reply = this.errorReply(error, surface);
      sendJson(res, reply.status, reply.body, reply.headers);
    }
  }

  /** A client mistake in the surface's own error shape, counted; anything else is a bug here: 500. */
  private errorReply(error: unknown, surface: 'anthropic' | 'openai'): ErrorReply {
    if (error instanceof ClientRequestError) {
      this.stats_.rejection(error.status === 401 ? 'authentication' : error.status === 404 ? 'not-found' : 'invalid-request');
      if (surface === 'openai') {
        const type = error.status === 401 ? 'authentication_error' : error.status === 404 ? 'not_found_error' : 'invalid_request_error';
        return openAiError(error.status, type, null, error.message);
      }
      return anthropicError(error.status, anthropicClientErrorType(error.status), error.message);
    }
    process.stderr.write(`fake-llm: internal error: ${(error as Error).stack ?? String(error)}\n`);
    const message = `fake LLM server bug: ${(error as Error).message}`;
    return surface === 'openai' ? openAiError(500, 'server_error', null, message) : anthropicError(500, 'api_error', message);
  }
}
