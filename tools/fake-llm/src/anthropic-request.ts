import { ClientRequestError } from './http-io';

/** The parts of a Messages API request the simulation uses. */
export interface AnthropicMessageRequest {
  model: string;
  maxTokens: number;
  /** System prompt and user turns, joined: what the simulated model "reads". */
  prompt: string;
}

/**
 * Validates `{model, max_tokens, messages, system?, temperature?}` as the real API does for the
 * fields used here, and extracts the prompt. Assistant turns are left out of the prompt: after a
 * corrective retry they hold the previous (bad) answer, whose ids are not the candidates.
 */
export function parseAnthropicMessageRequest(body: unknown, where = 'body'): AnthropicMessageRequest {
  const fail = (problem: string): never => {
    throw new ClientRequestError(400, `${where}: ${problem}`);
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('expected a JSON object');
  const { model, max_tokens: maxTokens, messages, system, temperature, stream } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') fail('model: Field required');
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) fail('max_tokens: must be an integer ≥ 1');
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) {
    fail('temperature: must be a number in [0, 1]');
  }
  if (stream === true) fail('stream: streaming is not simulated by the fake server');
  if (!Array.isArray(messages) || messages.length === 0) return fail('messages: must be a non-empty array');

  const parts: string[] = [];
  if (system !== undefined) parts.push(contentText(system, 'system', fail));
  messages.forEach((message: unknown, index) => {
    if (typeof message !== 'object' || message === null) fail(`messages.${index}: expected an object`);
    const { role, content } = message as Record<string, unknown>;
    if (role !== 'user' && role !== 'assistant') fail(`messages.${index}.role: must be "user" or "assistant"`);
    const text = contentText(content, `messages.${index}.content`, fail);
    if (role === 'user') parts.push(text);
  });
  return { model: model as string, maxTokens: maxTokens as number, prompt: parts.join('\n\n') };
}

/** A string, or content blocks of which the text blocks count. */
function contentText(content: unknown, where: string, fail: (problem: string) => never): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return fail(`${where}: must be a string or an array of content blocks`);
  return content
    .map((block: unknown, index) => {
      if (typeof block !== 'object' || block === null) return fail(`${where}.${index}: expected a content block`);
      const { type, text } = block as Record<string, unknown>;
      if (type !== 'text') return '';
      return typeof text === 'string' ? text : fail(`${where}.${index}.text: must be a string`);
    })
    .join('\n');
}
