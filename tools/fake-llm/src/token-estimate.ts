/**
 * A deterministic stand-in for a tokenizer: about four characters per token, the usual rule of
 * thumb for English text with both Claude and GPT tokenizers. Good enough for cost bookkeeping in
 * tests and benchmarks; not a real token count.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The longest prefix of `text` that fits in `maxTokens` by the same estimate. */
export function truncateToTokens(text: string, maxTokens: number): string {
  return text.slice(0, Math.max(0, maxTokens) * 4);
}
