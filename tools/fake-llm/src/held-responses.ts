import type { ServerResponse } from 'node:http';

/**
 * Responses the server is sitting on: delayed answers (a timer each, so hundreds of concurrent
 * 5.3 s "generations" cost nothing) and hanging requests (never answered). Closing the server
 * must not wait for either, so they are tracked here and dropped on close.
 */
export class HeldResponses {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly hanging = new Set<ServerResponse>();

  /** Runs `send` after `ms`, unless the client goes away first. */
  delay(res: ServerResponse, ms: number, send: () => void): void {
    if (ms <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      res.off('close', cancel);
      if (!res.destroyed) send();
    }, ms);
    const cancel = (): void => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
    this.timers.add(timer);
    res.once('close', cancel);
  }

  /** Never answers; forgotten when the client gives up and closes the connection. */
  hang(res: ServerResponse): void {
    this.hanging.add(res);
    res.once('close', () => this.hanging.delete(res));
  }

  get hangingCount(): number {
    return this.hanging.size;
  }

  /** Requests the server is sitting on: answers waiting for their latency, and hanging requests. */
  get inFlightCount(): number {
    return this.timers.size + this.hanging.size;
  }

  /** Cancels every timer and cuts every hanging connection. */
  dropAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }
}
