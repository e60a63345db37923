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

/**
 * An item line of @alkdrec/llm's ranking prompt: `<ID>: "title"`. The id is what stands between
 * `<` and `>` (no spaces, colons or angle brackets); the colon right after `>` tells an item line
 * from the answer template `[<ID1>, <ID2>, …]` and from a corrective message's `<id>, <id>` list.
 * Titles cannot fake one: the prompt builder replaces `<` and `>` inside titles by look-alikes.
 */
const ITEM_REFERENCE = /<([^\s:<>]+)>:/g;
const CANDIDATE_WORD = /candidate/gi;

/**
 * Default extractor, for `buildRankingPrompt` of @alkdrec/llm (REFERENCE §4's prompt_dst): the
 * session's items come first, one `<ID>: "title"` per line, then a line naming the "candidate"
 * items, then the candidates in the same form. So the first "candidate" (any case) after the
 * first item reference splits the prompt: references before it are the session's items, after it
 * the candidates. No item reference after such a word (the hint prompt shows titles only) means
 * the prompt is not a ranking prompt.
 */
export const extractPromptItems: PromptItemsExtractor = (prompt) => {
  const references = [...prompt.matchAll(ITEM_REFERENCE)].map((m) => ({ id: m[1] as string, at: m.index }));
  const first = references[0];
  if (first === undefined) return null;
  const split = [...prompt.matchAll(CANDIDATE_WORD)].find((m) => m.index > first.at)?.index;
  if (split === undefined) return null;
  const candidateIds = references.filter((r) => r.at > split).map((r) => r.id);
  if (candidateIds.length === 0) return null;
  return { sessionItemIds: references.filter((r) => r.at < split).map((r) => r.id), candidateIds };
};
