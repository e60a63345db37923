import type { ArrivedAnswer } from '@alkdrec/db';
import { processMetrics, type ServiceMetrics } from './service-metrics';

/** Provider and model of the process's requests: one provider per llm-worker process. */
export interface LlmMeterLabels {
  provider: string;
  model: string;
}

/** A request whose opening this process did not see (a batch resumed after a restart) has this kind. */
export const UNKNOWN_KIND = 'unknown';
/** Kinds remembered for requests awaiting an outcome; beyond this the oldest are forgotten (their outcome counts as `unknown`). */
const MAX_OPEN = 100_000;

/**
 * The LLM metrics, counted from the request ledger's transitions so that each request counts once:
 * `opened` when its row is written (it is then sent), and an outcome only when the ledger says the
 * row moved now (MeteredLlmRequestLedger) — a write retried after a lost reply, or the second
 * writer of a batch's answer, moves nothing and counts nothing.
 */
export class LlmRequestMeter {
  private readonly kinds = new Map<string, string>();
  private readonly requests;
  private readonly answers;
  private readonly faults;
  private readonly lostTotal;
  private readonly tokens;
  private readonly cost;
  private readonly latency;

  private labels: LlmMeterLabels = { provider: 'unknown', model: 'unknown' };

  constructor(metrics: ServiceMetrics = processMetrics()) {
    this.requests = metrics.counter('llmRequests');
    this.answers = metrics.counter('llmAnswers');
    this.faults = metrics.counter('llmFaults');
    this.lostTotal = metrics.counter('llmRequestsLost');
    this.tokens = metrics.counter('llmTokens');
    this.cost = metrics.counter('llmCost');
    this.latency = metrics.histogram('llmProviderLatency');
  }

  /** Names the process's provider and model (once the provider is built; before that nothing is sent). */
  identify(labels: LlmMeterLabels): this {
    this.labels = { provider: labels.provider, model: labels.model };
    return this;
  }

  /** The request's ledger row was written (it is sent next). `kind`: the job's name (rank, summarise). */
  opened(requestId: string, kind: string): void {
    this.requests.inc({ ...this.labels, kind });
    if (this.kinds.size >= MAX_OPEN) this.kinds.delete(this.kinds.keys().next().value as string);
    this.kinds.set(requestId, kind);
  }

  /** The answer was recorded now (ANSWERED). */
  answered(requestId: string, answer: ArrivedAnswer): void {
    const { provider, model } = this.labels;
    this.answers.inc({ provider, model, kind: this.take(requestId), usable: String(answer.usable) });
    if (!answer.usable) this.faults.inc({ provider, class: answer.faultClass ?? 'unparseable' });
    this.tokens.inc({ provider, model, direction: 'input' }, answer.inputTokens);
    this.tokens.inc({ provider, model, direction: 'output' }, answer.outputTokens);
    this.cost.inc({ provider, model }, answer.costUsd);
    this.latency.observe({ provider, model }, answer.latencyMs / 1000);
  }

  /** The request failed now (FAILED), with the provider's fault class. */
  failed(requestId: string, faultClass: string): void {
    this.take(requestId);
    this.faults.inc({ provider: this.labels.provider, class: faultClass });
  }

  /** The request left the ledger's open state without an answer or a fault (replay had no recording). */
  closed(requestId: string): void {
    this.take(requestId);
  }

  /** `count` requests became LOST now (`requestIds`: which, when known). */
  lost(count: number, requestIds: readonly string[] = []): void {
    if (count > 0) this.lostTotal.inc(count);
    for (const id of requestIds) this.kinds.delete(id);
  }

  private take(requestId: string): string {
    const kind = this.kinds.get(requestId) ?? UNKNOWN_KIND;
    this.kinds.delete(requestId);
    return kind;
  }
}
