import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildAnthropicMessage, checkAnthropicHeaders } from './anthropic-messages';
import { parseAnthropicMessageRequest } from './anthropic-request';
import type { BatchResultLine } from './batch-store';
import { anthropicError, anthropicFaultError } from './error-bodies';
import { ClientRequestError, readJsonBody, sendJson, sendJsonl } from './http-io';
import type { ServerContext } from './server-context';

/** The real API's limits on one batch. */
const MAX_BATCH_REQUESTS = 100_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * POST /v1/messages/batches. Each request is one `batch-item` generation, faults included: an
 * HTTP fault becomes an `errored` result with the same error body, a hang becomes `expired` (a
 * real batch request that is never processed expires), malformed and off-candidate answers
 * succeed with useless text. Latency does not apply: the batch's processing time replaces it.
 */
export async function handleCreateBatch(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkAnthropicHeaders(req);
  const requests = parseBatchRequests(await readJsonBody(req));
  const id = ctx.nextId('msgbatch');
  const results: BatchResultLine[] = requests.map(({ customId, params }) => {
    const outcome = ctx.simulator.generate('batch-item', params.prompt);
    if (outcome.kind === 'hang') return { custom_id: customId, result: { type: 'expired' } };
    if (outcome.kind === 'error') {
      return { custom_id: customId, result: { type: 'errored', error: anthropicFaultError(outcome.fault, ctx.retryAfterSeconds).body } };
    }
    const message = buildAnthropicMessage(ctx.nextId('msg'), params.model, params.prompt, outcome.text, params.maxTokens);
    ctx.stats.delivered(outcome.promptHash);
    return { custom_id: customId, result: { type: 'succeeded', message } };
  });
  ctx.batches.add(id, results);
  ctx.stats.batchCreated(requests.length);
  // Simulates a create whose answer never reaches the client (a cut connection, a crash of the
  // client right after sending): the batch exists and will be billed; the client must reconcile.
  if (ctx.takeBatchCreateDrop()) {
    res.destroy();
    return;
  }
  sendJson(res, 200, ctx.batches.view(id, ctx.baseUrl()));
}

/**
 * GET /v1/messages/batches — newest first, `limit` (default 20, at most 1000), `after_id` (the page
 * after that batch, i.e. older ones) and `before_id` (newer ones), with `has_more`, `first_id` and
 * `last_id` as the real API pages them.
 */
export function handleListBatches(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  checkAnthropicHeaders(req);
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ClientRequestError(400, 'limit: must be an integer in [1, 1000]');
  const all = ctx.batches.list(ctx.baseUrl());
  const after = query.get('after_id');
  const before = query.get('before_id');
  let start = 0;
  let end = all.length;
  if (after !== null) start = all.findIndex((b) => b.id === after) + 1;
  if (before !== null) end = Math.max(0, all.findIndex((b) => b.id === before));
  const window = all.slice(start, end);
  const data = before !== null ? window.slice(-limit) : window.slice(0, limit);
  const hasMore = window.length > data.length;
  sendJson(res, 200, { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
}

/** GET /v1/messages/batches/:id */
export function handleRetrieveBatch(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  checkAnthropicHeaders(req);
  const view = ctx.batches.view(id, ctx.baseUrl());
  if (view === undefined) throw new ClientRequestError(404, `message batch ${JSON.stringify(id)} not found`);
  sendJson(res, 200, view);
}

/** GET /v1/messages/batches/:id/results — JSONL, one line per request, in no particular order. */
export function handleBatchResults(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  checkAnthropicHeaders(req);
  const results = ctx.batches.results(id);
  if (results === undefined) throw new ClientRequestError(404, `message batch ${JSON.stringify(id)} not found`);
  if (results === 'in_progress') {
    const error = anthropicError(400, 'invalid_request_error', `message batch ${id} is still in_progress; results are available once it has ended`);
    return sendJson(res, error.status, error.body, error.headers);
  }
  sendJsonl(res, results);
}

function parseBatchRequests(body: unknown): Array<{ customId: string; params: ReturnType<typeof parseAnthropicMessageRequest> }> {
  const fail = (problem: string): never => {
    throw new ClientRequestError(400, problem);
  };
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return fail('requests: must be a non-empty array');
  if (requests.length > MAX_BATCH_REQUESTS) fail(`requests: at most ${MAX_BATCH_REQUESTS} per batch`);
  const seen = new Set<string>();
  return requests.map((request: unknown, index) => {
    const { custom_id: customId, params } = (request ?? {}) as Record<string, unknown>;
    if (typeof customId !== 'string' || !CUSTOM_ID.test(customId)) fail(`requests.${index}.custom_id: must match ${CUSTOM_ID}`);
    if (seen.has(customId as string)) fail(`requests.${index}.custom_id: duplicate ${JSON.stringify(customId)}`);
    seen.add(customId as string);
    return { customId: customId as string, params: parseAnthropicMessageRequest(params, `requests.${index}.params`) };
  });
}
