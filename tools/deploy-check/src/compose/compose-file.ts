import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../index';
import { interpolateTree, type InterpolationEnv } from './interpolate';

export const COMPOSE_FILE = join(REPO_ROOT, 'compose.yaml');

/** The parts of a compose service these checks read (the schema validates the whole file). */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  ports?: (string | number | { target?: number; published?: string | number; host_ip?: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  stop_grace_period?: string;
  container_name?: string;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  restart?: string;
}

export interface ComposeProject {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** compose.yaml (or another text) parsed with YAML merge keys (`<<: *anchor`) resolved, as compose reads them. */
export function parseCompose(text: string): unknown {
  return parse(text, { merge: true });
}

/**
 * The file as compose would run it with `env` as the shell's environment (and .env): interpolated,
 * `:?` variables without a value throwing an InterpolationError. `{}` = the documented defaults.
 */
export function loadCompose(env: InterpolationEnv = {}, text = readFileSync(COMPOSE_FILE, 'utf8')): { project: ComposeProject; warnings: string[] } {
  const { value, warnings } = interpolateTree(parseCompose(text), env);
  return { project: value as ComposeProject, warnings };
}

/** A command or entrypoint as an argument list (the string form split on spaces, as compose does without quotes). */
export function argumentsOf(command: string | string[] | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}
