import { createRng } from '@alkdrec/recsys';
import type { PromptItems } from './prompt-items';
import type { RecordedAnswers } from './recorded-answers';
import { seedFrom } from './stable-hash';
import type { AnswerSource } from './stats';

/** The length REFERENCE §4's prompt asks for. */
export const DEFAULT_RANKING_LENGTH = 25;

/** Served for hint prompts when no dataset is loaded; marked as simulated on purpose. */
export const BUILT_IN_HINTS: readonly string[] = [
  'Simulated hint — Series continuity: recommend sequels and other entries of a series the user has engaged with.',
  'Simulated hint — Genre affinity: recommend items of the same or similar genres as the session.',
  'Simulated hint — Shared creators: recommend items sharing directors, developers, actors or studios with the session.',
  'Simulated hint — Editions: a user may want another edition of an item already in the session.',
];

/** An answer that contains no id at all (no digits, no angle brackets): a parser must reject it. */
export const MALFORMED_ANSWER =
  "I'm sorry, but I can't rank these items without more information about the user's tastes. Could you tell me more about what they enjoy?";

/** Prefix of the ids an off-candidate answer invents after the session's own items run out. */
export const INVENTED_ID_PREFIX = '99999';

export interface RankingAnswer {
  text: string;
  source: Exclude<AnswerSource, 'hints'>;
}

export interface AnswerEngineOptions {
  seed: number;
  rankingLength: number;
  recordings?: RecordedAnswers;
}

/** Writes the model's answers. Pure: the same prompt (by hash) gives the same text. */
export class AnswerEngine {
  constructor(private readonly options: AnswerEngineOptions) {}

  /** The recorded GPT-4 ranking for the prompt's session if there is one, else a seeded permutation. */
  ranking(items: PromptItems, promptHash: string): RankingAnswer {
    const recorded = this.options.recordings?.find(items.sessionItemIds, items.candidateIds);
    if (recorded !== undefined) return { text: formatRanking(recorded.ranking), source: 'recorded' };
    return { text: formatRanking(this.permutedCandidates(items.candidateIds, promptHash)), source: 'deterministic' };
  }

  hints(): string {
    const recorded = this.options.recordings?.hints ?? [];
    const hints = recorded.length > 0 ? recorded : BUILT_IN_HINTS;
    return hints.map((hint, i) => `${i + 1}. ${hint}`).join('\n');
  }

  /** Ids the prompt did not offer: the session's own items first (a typical LLM slip), then invented ones. */
  offCandidate(items: PromptItems): string {
    const candidates = new Set(items.candidateIds);
    const ids = items.sessionItemIds.filter((id) => !candidates.has(id));
    for (let n = 1; ids.length < this.options.rankingLength; n++) {
      const invented = `${INVENTED_ID_PREFIX}${n}`;
      if (!candidates.has(invented)) ids.push(invented);
    }
    return formatRanking(ids.slice(0, this.options.rankingLength));
  }

  private permutedCandidates(candidateIds: readonly string[], promptHash: string): string[] {
    const ids = [...new Set(candidateIds)];
    const rng = createRng(seedFrom(this.options.seed, 'ranking', promptHash));
    const count = Math.min(this.options.rankingLength, ids.length);
    // Partial Fisher–Yates: the first `count` positions are a uniform draw without replacement.
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(ids.length - i);
      [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    }
    return ids.slice(0, count);
  }
}

/** `[<id1>, <id2>, …]`: the output format REFERENCE §4's prompt asks for. */
export function formatRanking(ids: readonly string[]): string {
  return `[${ids.map((id) => `<${id}>`).join(', ')}]`;
}
