import type { FieldError, Problem } from '@alkdrec/contracts';
import { getToken } from './token';

/** An answer that is not 2xx: the api's problem+json when it sent one (every error names its fields). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
  }

  /** Field errors by field (`body.budget` → message); the first of each field. */
  byField(): Record<string, FieldError> {
    const out: Record<string, FieldError> = {};
    for (const error of this.problem?.errors ?? []) if (!(error.field in out)) out[error.field] = error;
    return out;
  }
}

/** Thrown before a mutation is sent without a token: the api would answer 401 anyway. */
export class NoTokenError extends Error {
  constructor() {
    super('enter an API token first (top right): changes need one');
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** JSON-encoded, or sent as is when FormData. */
  body?: unknown;
  signal?: AbortSignal;
  /** A POST that only reads (POST /v1/recommend): sent without a token. */
  readOnly?: boolean;
}

/** One request to the api (same origin). Mutations carry the bearer token, and are refused here without one. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && !options.readOnly) {
    const token = getToken();
    if (!token) throw new NoTokenError();
    headers['authorization'] = `Bearer ${token}`;
  }
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body, signal: options.signal });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : safeJson(text);
  if (!response.ok) throw new ApiError(response.status, isProblem(parsed) ? parsed : null);
  return parsed as T;
}

/** Query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;
}
