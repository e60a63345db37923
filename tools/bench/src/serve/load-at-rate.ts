import autocannon from 'autocannon';

export interface LoadResult {
  /** Offered rate (requests/s) and what was answered per second. */
  rate: number;
  achieved: number;
  sent: number;
  /** Latency of 2xx answers in ms, from send to the whole answer, as autocannon timed each one. */
  p50: number;
  p99: number;
  max: number;
  /** autocannon's own p99: whole ms, corrected for coordinated omission at the fixed rate. */
  correctedP99: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

/** Passing a rate: p99 under `p99LimitMs` (both measures), every request answered 2xx, and the rate actually offered. */
export function passes(result: LoadResult, p99LimitMs: number): boolean {
  return result.p99 < p99LimitMs && result.correctedP99 < p99LimitMs && result.non2xx === 0 && result.errors === 0 && result.achieved >= 0.97 * result.rate;
}

/**
 * `POST /v1/recommend` at a fixed overall rate for `seconds` (autocannon's overallRate over
 * `connections` kept-alive connections), the bodies rotated through `bodies`. Autocannon runs in
 * this process, on the same machine as the api.
 */
export async function loadAtRate(url: string, bodies: readonly string[], rate: number, seconds: number, connections = 32): Promise<LoadResult> {
  let next = 0;
  let recorded = 0;
  let latencies = new Float64Array(Math.ceil(rate * seconds * 1.2) + 1024);
  let finished: (result: autocannon.Result) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const instance = autocannon({
    url: `${url}/v1/recommend`,
    connections,
    overallRate: rate,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] as string }),
      },
    ],
  }, (error, result) => (error ? failed(error) : finished(result)));
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode < 200 || statusCode >= 300) return;
    if (recorded === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[recorded++] = responseTime;
  });
  const result = await done;
  const sorted = latencies.subarray(0, recorded).sort();
  const at = (q: number) => (recorded === 0 ? NaN : (sorted[Math.min(recorded - 1, Math.floor(q * recorded))] as number));
  return {
    rate,
    achieved: result.requests.total / result.duration,
    sent: result.requests.sent,
    p50: at(0.5),
    p99: at(0.99),
    max: recorded === 0 ? NaN : (sorted[recorded - 1] as number),
    correctedP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
