import { FakeLlmServer } from '@alkdrec/fake-llm';

/**
 * The SIMULATED server the provider specs run against: a prompt containing `case-429`, `case-529`,
 * `case-500` or `case-hang` gets that fault once (a 429 with `retry-after: retryAfterSeconds`);
 * any other prompt is answered. Started by the caller.
 */
export function faultCaseServer(retryAfterSeconds: number): FakeLlmServer {
  return new FakeLlmServer({
    retryAfterSeconds,
    schedule: [
      { fault: 'rate-limit-429', count: 1, promptIncludes: 'case-429' },
      { fault: 'overloaded-529', count: 1, promptIncludes: 'case-529' },
      { fault: 'server-error-500', count: 1, promptIncludes: 'case-500' },
      { fault: 'hang', count: 1, promptIncludes: 'case-hang' },
    ],
  });
}
