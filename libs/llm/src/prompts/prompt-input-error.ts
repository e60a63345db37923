import { isPromptableItemId } from '../item-token';

/**
 * The caller handed a prompt builder something it cannot turn into a safe prompt (an id the answer
 * parser could not find again, a duplicate candidate, no candidates). A programming or data error,
 * not an LLM failure: nothing was sent.
 */
export class PromptInputError extends Error {
  override readonly name = 'PromptInputError';
}

/**
 * Refuses ids that are not a single token of the parser's grammar (`item-token.ts`): an id with a
 * space, comma or bracket could not be read back from an answer unambiguously. Both bundled
 * datasets' ids (MovieLens numbers, ASINs) pass.
 */
export function assertPromptableItemId(id: string, where: string): void {
  if (!isPromptableItemId(id)) {
    throw new PromptInputError(
      `${where}: item id ${JSON.stringify(id)} cannot be used in a prompt (ids must be letters, digits and "_", with single "." or "-" between them)`,
    );
  }
}
