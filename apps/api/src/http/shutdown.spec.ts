import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { API_ROUTE_TABLE } from '../routes/api-routes';
import { startTestApi } from '../testing/test-api';
import { sendEventStream, type StreamEvent } from './event-stream';
import { defineRoute, route, type RouteHandler, type RouteInput, type RouteResult } from './route-spec';
import { ShutdownSignal } from './shutdown-signal';

/** Simulated routes, for this test only: a slow request, and an endless event stream. */
let entered: () => void = () => undefined;
let release: () => void = () => undefined;

const slowSpec = defineRoute({
  operationId: 'simulatedSlow', method: 'GET', path: '/simulated/slow', summary: 'simulated', tags: [], auth: 'public',
  responses: { 200: { description: 'done', schema: z.object({ done: z.boolean() }) } },
});
@Injectable()
class SlowHandler implements RouteHandler<typeof slowSpec> {
  async handle(): Promise<RouteResult<typeof slowSpec>> {
    await new Promise<void>((resolve) => {
      release = resolve;
      entered();
    });
    return { status: 200, body: { done: true } };
  }
}

const streamSpec = defineRoute({
  operationId: 'simulatedStream', method: 'GET', path: '/simulated/stream', summary: 'simulated', tags: [], auth: 'public',
  responses: { 200: { description: 'events', contentTypes: ['text/event-stream'] } },
});
@Injectable()
class StreamHandler implements RouteHandler<typeof streamSpec> {
  constructor(private readonly shutdown: ShutdownSignal) {}

  async handle({ reply }: RouteInput<typeof streamSpec>): Promise<RouteResult<typeof streamSpec>> {
    async function* ticks(): AsyncGenerator<StreamEvent> {
      for (let n = 0; ; n++) {
        yield { event: 'tick', data: { n } };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return sendEventStream(reply, ticks(), this.shutdown.signal);
  }
}

describe('graceful shutdown', () => {
  it('lets an in-flight request finish and ends event streams, then closes', async () => {
    const api = await startTestApi({ listen: true, routes: [...API_ROUTE_TABLE, route(slowSpec, SlowHandler), route(streamSpec, StreamHandler)] });
    const url = api.url as string;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const slow = fetch(`${url}/simulated/slow`);
    await inHandler;

    const stream = await fetch(`${url}/simulated/stream`);
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^event: tick\ndata: \{"n":0\}\n\n/);

    const closing = api.close();
    // The stream ends (its reader reaches the end) while the slow request is still being handled.
    for (;;) if ((await reader.read()).done) break;
    release();
    const response = await slow;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { done: true });
    await closing;
    await assert.rejects(fetch(`${url}/health/live`));
  });
});
