import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError } from '@alkdrec/service-kit';

/** Shorter tokens are refused: a bearer token is a password that never expires. */
export const MIN_TOKEN_LENGTH = 16;
/** Visible ASCII: what an HTTP header carries without quoting. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

export interface TokenSources {
  API_TOKENS?: string | undefined;
  API_TOKENS_FILE?: string | undefined;
}

/**
 * The tokens of API_TOKENS (comma-separated) and of the file API_TOKENS_FILE names (one per line,
 * or comma-separated; blank lines and lines starting with # are skipped). Every problem is named in
 * one ConfigError; token values never appear in it (only their position and length).
 */
export function readApiTokens(env: TokenSources, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): string[] {
  const problems: string[] = [];
  const tokens: string[] = [];
  const take = (variable: string, text: string) => {
    const found = splitTokens(text);
    if (found.length === 0) problems.push(`${variable}: holds no token`);
    found.forEach((token, index) => {
      const problem = tokenProblem(token);
      if (problem) problems.push(`${variable}: token ${index + 1} ${problem}`);
      else tokens.push(token);
    });
  };
  if (env.API_TOKENS !== undefined) take('API_TOKENS', env.API_TOKENS);
  if (env.API_TOKENS_FILE !== undefined) {
    let text: string | undefined;
    try {
      text = readFile(env.API_TOKENS_FILE);
    } catch (error) {
      problems.push(`API_TOKENS_FILE: cannot read ${env.API_TOKENS_FILE}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (text !== undefined) take('API_TOKENS_FILE', text.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n'));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return [...new Set(tokens)];
}

function splitTokens(text: string): string[] {
  return text
    .split(/[,\n\r]/)
    .map((token) => token.trim())
    .filter((token) => token !== '');
}

function tokenProblem(token: string): string | undefined {
  if (!TOKEN_CHARACTERS.test(token)) return 'has characters other than visible ASCII (no spaces)';
  if (token.length < MIN_TOKEN_LENGTH) return `is ${token.length} characters long; tokens need at least ${MIN_TOKEN_LENGTH}`;
  return undefined;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare) || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * The entry's check before Nest starts: tokens readable and well-formed, and an api that other
 * machines can reach (HTTP_HOST not loopback) never runs without them. `readFile` lets
 * tools/deploy-check run this same check against a manifest, whose token file is a mounted Secret.
 */
export function checkApiConfig(
  config: TokenSources & { HTTP_HOST: string },
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): void {
  const tokens = readApiTokens(config, readFile);
  if (tokens.length === 0 && !isLoopbackHost(config.HTTP_HOST)) {
    throw new ConfigError([
      `API_TOKENS, API_TOKENS_FILE (unset): HTTP_HOST is ${config.HTTP_HOST}, not a loopback address, so the api needs bearer tokens ` +
        `for its mutating routes and the queue dashboard: set API_TOKENS (comma-separated) or API_TOKENS_FILE (one token per line), ` +
        `or bind HTTP_HOST to 127.0.0.1`,
    ]);
  }
}
