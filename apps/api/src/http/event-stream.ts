import type { FastifyReply } from 'fastify';

export interface StreamEvent {
  /** The SSE `event:` field. */
  event: string;
  data: unknown;
  id?: string;
}

/**
 * Answers with Server-Sent Events from `events` until it ends, the client goes away, or `signal`
 * aborts (the api shutting down: ShutdownSignal), then ends the response. For a route handler that
 * returns `{ handled: true }` after it. A comment line every `keepAliveMs` keeps proxies from
 * closing a quiet stream.
 */
export async function sendEventStream(
  reply: FastifyReply,
  events: AsyncIterable<StreamEvent>,
  signal: AbortSignal,
  keepAliveMs = 15_000,
): Promise<{ handled: true }> {
  reply.hijack();
  const response = reply.raw;
  // The connection closes with the stream: a client reconnects for another, and shutdown need not wait for it.
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'close', 'x-accel-buffering': 'no' });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  response.on('close', onAbort);
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), keepAliveMs);
  const iterator = events[Symbol.asyncIterator]();
  const stopped = new Promise<IteratorResult<StreamEvent>>((resolve) => {
    stop.signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
    if (stop.signal.aborted) resolve({ done: true, value: undefined });
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped]);
      if (next.done) break;
      response.write(formatEvent(next.value));
    }
  } finally {
    clearInterval(keepAlive);
    signal.removeEventListener('abort', onAbort);
    void iterator.return?.();
    if (!response.writableEnded) response.end();
  }
  return { handled: true };
}

export function formatEvent({ event, data, id }: StreamEvent): string {
  const lines = JSON.stringify(data).split('\n').map((line) => `data: ${line}`);
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${lines.join('\n')}\n\n`;
}
