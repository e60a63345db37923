import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../index';

export const DOCKERFILE = join(REPO_ROOT, 'docker', 'Dockerfile');

/**
 * The ENV of a Dockerfile's last stage (the image that runs): every container of the image starts
 * with it (NODE_ENV=production, HTTP_PORT). Handles line continuations, comments, `ENV A=1 B="x y"`
 * and the legacy `ENV A value`; variable references in values are kept as written.
 */
export function runtimeStageEnv(dockerfile: string): Record<string, string> {
  const instructions = dockerfile
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const lastFrom = instructions.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  const env: Record<string, string> = {};
  for (const line of instructions.slice(lastFrom + 1)) {
    const match = /^ENV\s+(.*)$/i.exec(line);
    if (match?.[1] !== undefined) Object.assign(env, parseEnvArguments(match[1]));
  }
  return env;
}

function parseEnvArguments(text: string): Record<string, string> {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=].*)$/.exec(text);
  if (legacy?.[1] !== undefined && legacy[2] !== undefined && !/^\S+=/.test(text)) return { [legacy[1]]: legacy[2].trim() };
  const pairs: Record<string, string> = {};
  for (const pair of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const [, name, raw = ''] = pair;
    if (name === undefined) continue;
    pairs[name] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw.startsWith("'") ? raw.slice(1, -1) : raw;
  }
  return pairs;
}

/** The runtime ENV of docker/Dockerfile, the one image of every role. */
export function imageEnv(): Record<string, string> {
  return runtimeStageEnv(readFileSync(DOCKERFILE, 'utf8'));
}
