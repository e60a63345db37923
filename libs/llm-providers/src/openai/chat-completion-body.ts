/** What we need from a chat completion: the first choice's text and the usage counts. */
export function readChatCompletion(body: unknown): { text: string; inputTokens: number; outputTokens: number } | undefined {
  const record = body as {
    choices?: Array<{ message?: { content?: unknown } }>;
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  } | null;
  const content = record?.choices?.[0]?.message?.content;
  if (typeof content !== 'string' && content !== null) return undefined;
  return {
    text: content ?? '',
    // Some local servers omit usage; 0 is then the honest count of what we know (they are unpriced anyway).
    inputTokens: tokenCount(record?.usage?.prompt_tokens),
    outputTokens: tokenCount(record?.usage?.completion_tokens),
  };
}

/** OpenAI's error body `{ error: { type, message } }`, or the status text when the body is different. */
export function readOpenAiError(body: unknown, statusText: string): { type: string | undefined; message: string } {
  const error = (body as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  return {
    type: typeof error?.type === 'string' ? error.type : undefined,
    message: typeof error?.message === 'string' ? error.message : statusText,
  };
}

function tokenCount(value: unknown): number {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0;
}
