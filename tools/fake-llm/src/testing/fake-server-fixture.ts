import Anthropic from '@anthropic-ai/sdk';
import { FakeLlmServer } from '../fake-llm-server';
import type { FakeLlmServerOptions } from '../options';

export const MODEL = 'claude-fake-model';

export interface StartedFakeServer {
  server: FakeLlmServer;
  url: string;
  /** The real SDK pointed at the fake server; no retries unless asked for. */
  anthropic(options?: { maxRetries?: number; timeout?: number }): Anthropic;
}

export async function startFakeServer(options: FakeLlmServerOptions = {}): Promise<StartedFakeServer> {
  const server = new FakeLlmServer(options);
  const url = await server.start();
  return {
    server,
    url,
    anthropic: ({ maxRetries = 0, timeout = 10_000 } = {}) => new Anthropic({ apiKey: 'fake-key', baseURL: url, maxRetries, timeout }),
  };
}

/** Messages API params for one user prompt. */
export function userPrompt(prompt: string, maxTokens = 1024): Anthropic.MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: maxTokens, messages: [{ role: 'user', content: prompt }] };
}

export function messageText(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The JSON fields of either surface's replies that specs read (errors and chat completions). */
export interface WireJson {
  type?: string;
  error?: { type?: string; message?: string; code?: string | null; param?: null };
  id?: string;
  object?: string;
  model?: string;
  choices?: Array<{ index: number; message: { role: string; content: string }; finish_reason: string }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** POST a JSON body with plain fetch (the OpenAI surface, and header checks the SDK would not let us skip). */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<{ status: number; headers: Headers; json: WireJson }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  return { status: response.status, headers: response.headers, json: (await response.json()) as WireJson };
}
