import autocannon from 'autocannon';

export interface LoadResult {
  /** Offered rate (requests/s) and what was answered per second. */
  rate: number;
  achieved: number;
  sent: number;
  /**
   * Latency of 2xx answers in ms, from send to the whole answer, as autocannon timed each one — but
   * the first answer of each connection: autocannon starts that one's clock before it has built the
   * other connections' requests (10 × the bodies, synchronously: 0.2–0.3 s), so it times the client.
   */
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

/** Passing a rate: p99 under `p99LimitMs`, every request answered 2xx, and the rate actually offered (97 %). */
export function passes(result: LoadResult, p99LimitMs: number): boolean {
  return result.p99 < p99LimitMs && result.non2xx === 0 && result.errors === 0 && result.achieved >= 0.97 * result.rate;
}

/**
 * `POST /v1/recommend` at a fixed overall rate for `seconds` (autocannon's overallRate over
 * `connections` kept-alive connections; autocannon's default is 10), each connection cycling through
 * `bodies`, prebuilt once so the client spends little CPU per request. Autocannon runs in this
 * process, on the same machine as the api.
 *
 * How autocannon keeps a rate: each connection sends back to back until it has made its share of
 * the second's requests, then waits for the next second. So "1,000 requests/s" is a burst of 1,000
 * requests at the start of every second, `connections` at a time, as fast as the api answers: a
 * request waits behind up to `connections` − 1 others, which makes the latency pessimistic next to
 * evenly spaced arrivals (docs/api.md, "Serving speed").
 */
export async function loadAtRate(url: string, bodies: readonly string[], rate: number, seconds: number, connections = 10): Promise<LoadResult> {
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
    requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })),
  }, (error, result) => (error ? failed(error) : finished(result)));
  const answered = new Set<unknown>();
  instance.on('response', (client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (!answered.has(client)) {
      answered.add(client);
      return;
    }
    if (statusCode < 200 || statusCode >= 300) return;
    if (recorded === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[recorded++] = responseTime;
  });
  const result = await done;
  // Not autocannon's own latency histogram: it holds those first answers too, in whole ms, "corrected for
  // coordinated omission" with an expected interval of ceil(1 / per-connection rate) = 1 ms.
  const sorted = latencies.subarray(0, recorded).sort();
  const at = (q: number) => (recorded === 0 ? NaN : (sorted[Math.min(recorded - 1, Math.floor(q * recorded))] as number));
  return {
    rate,
    achieved: result.requests.total / result.duration,
    sent: result.requests.sent,
    p50: at(0.5),
    p99: at(0.99),
    max: recorded === 0 ? NaN : (sorted[recorded - 1] as number),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
