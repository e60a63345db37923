/** The ids a ranking prompt shows the model: the user's session items and the candidates. */
export interface PromptItems {
  /** In the order shown: the key for looking up a recorded answer. */
  sessionItemIds: string[];
  /** In the order shown: what a deterministic answer permutes. */
  candidateIds: string[];
}

/**
 * Reads a prompt's text (system + user messages) and returns its items, or `null` when the prompt
 * is not a ranking prompt (then the server answers with hints). Replaceable through the server's
 * options, so a change of prompt wording needs no change here.
 */
export type PromptItemsExtractor = (prompt: string) => PromptItems | null;

/** `<ID: title>`: the id runs from `<` to the first `:` and has no spaces, colons or angle brackets. */
const ITEM_REFERENCE = /<([^\s:<>]+):/g;
const CANDIDATE_WORD = /candidate/gi;

/**
 * Default convention, REFERENCE §4's prompt_dst: items appear as `<ID: title>`; the session's items
 * come first, then a sentence naming the "candidate" items, then the candidates. So the first
 * "candidate" (any case) that follows an item reference splits the prompt. A prompt with no
 * item reference after such a word has no candidates and is not a ranking prompt.
 */
export const extractAngleBracketItems: PromptItemsExtractor = (prompt) => {
  const references = [...prompt.matchAll(ITEM_REFERENCE)].map((m) => ({ id: m[1] as string, at: m.index }));
  const first = references[0];
  if (first === undefined) return null;
  const split = [...prompt.matchAll(CANDIDATE_WORD)].find((m) => m.index > first.at)?.index;
  if (split === undefined) return null;
  const candidateIds = references.filter((r) => r.at > split).map((r) => r.id);
  if (candidateIds.length === 0) return null;
  return { sessionItemIds: references.filter((r) => r.at < split).map((r) => r.id), candidateIds };
};
