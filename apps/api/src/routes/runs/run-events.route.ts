import { Inject, Injectable } from '@nestjs/common';
import { RunParams } from '@alkdrec/contracts';
import { RunClient, SERVICE_CONFIG } from '@alkdrec/service-kit';
import type { ApiConfig } from '../../config/api-env.schema';
import { sendEventStream } from '../../http/event-stream';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { ShutdownSignal } from '../../http/shutdown-signal';
import { runEventStream } from './run-event-stream';
import { answeringRunErrors } from './run-problem';
import { RunWatchHub } from './run-watch-hub';

export const runEventsSpec = defineRoute({
  operationId: 'followRun',
  method: 'GET',
  path: '/v1/runs/:id/events',
  summary: "A run's state and progress as Server-Sent Events",
  description:
    'Events `state` (first the current one, then each change) and `progress` (as the selector reports it), each with a ' +
    'RunEvent as its JSON `data` and an `id`; a comment line every 15 s (API_EVENTS_KEEPALIVE_MS) while quiet. The stream ' +
    'ends after a state in which the run is not driven: SUCCEEDED, FAILED or CANCELLED (at once for a run already there). ' +
    'A reconnecting client is told the current state first; `Last-Event-ID` is not needed.',
  tags: ['runs'],
  auth: 'public',
  params: RunParams,
  responses: { 200: { description: 'The event stream', contentTypes: ['text/event-stream'] } },
  problems: ['not-found'],
});
type Spec = typeof runEventsSpec;

@Injectable()
export class RunEventsHandler implements RouteHandler<Spec> {
  constructor(
    private readonly runs: RunClient,
    private readonly hub: RunWatchHub,
    private readonly shutdown: ShutdownSignal,
    @Inject(SERVICE_CONFIG) private readonly config: ApiConfig,
  ) {}

  async handle({ params, reply }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    // A 404 before the stream starts: a watch of a run that does not exist would wait silently.
    await answeringRunErrors(this.runs.view(params.id));
    return sendEventStream(reply, runEventStream(this.hub, params.id), this.shutdown.signal, this.config.API_EVENTS_KEEPALIVE_MS);
  }
}
