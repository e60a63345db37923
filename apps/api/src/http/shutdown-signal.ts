import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/**
 * Aborted when the api starts shutting down, before the HTTP server closes: long-lived responses
 * (Server-Sent Events) end on it, so the server's close — which waits for every open response —
 * finishes, while ordinary in-flight requests simply complete.
 */
@Injectable()
export class ShutdownSignal implements BeforeApplicationShutdown {
  private readonly controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  beforeApplicationShutdown(): void {
    this.controller.abort(new Error('the api is shutting down'));
  }
}
