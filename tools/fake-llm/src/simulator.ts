import type { AnswerEngine } from './answers';
import { MALFORMED_ANSWER } from './answers';
import type { FaultKind, FaultPlanner, GenerationEndpoint } from './faults';
import { sampleLatencyMs, type LatencySpec } from './latency';
import type { PromptItemsExtractor } from './prompt-items';
import { seedFrom, sha256Hex } from './stable-hash';
import type { StatsCounter } from './stats';

export type HttpFault = Extract<FaultKind, 'rate-limit-429' | 'overloaded-529' | 'server-error-500'>;

/** What one generation turns into; the API surfaces translate it into their own wire format. */
export type GenerationOutcome =
  | { kind: 'answer'; text: string; latencyMs: number; /** Identifies the prompt (its user turns), for delivery counts. */ promptHash: string }
  | { kind: 'error'; fault: HttpFault }
  | { kind: 'hang' };

export interface SimulatorParts {
  seed: number;
  latency: LatencySpec;
  extractPromptItems: PromptItemsExtractor;
  faults: FaultPlanner;
  answers: AnswerEngine;
  stats: StatsCounter;
}

/**
 * The simulated model, shared by every API surface: decides the fault, writes the answer, draws
 * the latency, and counts all of it. Error faults are immediate (a real rate limiter or overloaded
 * front end refuses before any generation); answers, including useless ones, take the latency.
 */
export class Simulator {
  /** How many times each exact prompt has been asked: the attempt number keys the transport-fault and latency draws. */
  private attemptsByPrompt = new Map<string, number>();

  constructor(private readonly parts: SimulatorParts) {}

  generate(endpoint: GenerationEndpoint, prompt: string): GenerationOutcome {
    const { stats } = this.parts;
    const promptHash = sha256Hex(prompt);
    const attempt = this.attemptsByPrompt.get(promptHash) ?? 0;
    this.attemptsByPrompt.set(promptHash, attempt + 1);
    stats.generation(endpoint);

    const items = this.parts.extractPromptItems(prompt);
    const fault = this.parts.faults.decide({ endpoint, prompt, promptHash, attempt, isRanking: items !== null });
    if (fault !== undefined) stats.fault(endpoint, fault);
    if (fault === 'hang') return { kind: 'hang' };
    if (fault === 'rate-limit-429' || fault === 'overloaded-529' || fault === 'server-error-500') return { kind: 'error', fault };

    const latencyMs = sampleLatencyMs(this.parts.latency, seedFrom(this.parts.seed, 'latency', promptHash, attempt));
    if (fault === 'malformed') return { kind: 'answer', text: MALFORMED_ANSWER, latencyMs, promptHash };
    if (items === null) {
      stats.answer('hints');
      return { kind: 'answer', text: this.parts.answers.hints(), latencyMs, promptHash };
    }
    if (fault === 'off-candidate') return { kind: 'answer', text: this.parts.answers.offCandidate(items), latencyMs, promptHash };
    const ranking = this.parts.answers.ranking(items, promptHash);
    stats.answer(ranking.source);
    return { kind: 'answer', text: ranking.text, latencyMs, promptHash };
  }

  /** Forgets attempt numbers and the schedule's progress: the next run meets the same faults again. */
  reset(): void {
    this.attemptsByPrompt = new Map();
    this.parts.faults.reset();
  }
}
