import { createHash } from 'node:crypto';

/** Hex sha256 of a text: the identity of a prompt (same text → same hash, on every machine). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A 32-bit seed derived from several parts. Every random choice of the server seeds a fresh
 * generator from (server seed, purpose, prompt hash, attempt), so a decision depends only on what
 * was asked and how often, never on the order in which concurrent requests happened to arrive.
 */
export function seedFrom(...parts: ReadonlyArray<string | number>): number {
  // NUL cannot occur in a number and is vanishingly rare in prompts: it keeps ("a","bc") ≠ ("ab","c").
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest().readUInt32BE(0);
}
