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
 * An item line of @alkdrec/llm's ranking prompt: `<ID>: "title"` at the start of a line. The id is
 * what stands between `<` and `>` (no spaces, colons or angle brackets); the colon right after `>`
 * tells an item line from the answer template `[<ID1>, <ID2>, …]` and from a corrective message's
 * `<id>, <id>` list. A title cannot fake one: the prompt builder writes it as a one-line JSON
 * string with `<` and `>` replaced by look-alikes.
 */
const ITEM_LINE = /^\s*<([^\s:<>]+)>:/;
const CANDIDATE_WORD = /candidate/i;

/**
 * Default extractor, for `buildRankingPrompt` of @alkdrec/llm (REFERENCE §4's prompt_dst): the
 * session's items, one item line each; then a line that is not an item line and names the
 * "candidate" items; then the candidates, one item line each. Item lines before that header are
 * the session's, after it the candidates. Only header lines count: a title may well contain the
 * word ("The Manchurian Candidate" is a MovieLens movie). No candidate item line (the hint prompt
 * shows titles only) means the prompt is not a ranking prompt.
 */
export const extractPromptItems: PromptItemsExtractor = (prompt) => {
  const sessionItemIds: string[] = [];
  const candidateIds: string[] = [];
  let inCandidates = false;
  for (const line of prompt.split('\n')) {
    const id = ITEM_LINE.exec(line)?.[1];
    if (id !== undefined) (inCandidates ? candidateIds : sessionItemIds).push(id);
    else if (!inCandidates && sessionItemIds.length > 0 && CANDIDATE_WORD.test(line)) inCandidates = true;
  }
  return candidateIds.length > 0 ? { sessionItemIds, candidateIds } : null;
};
