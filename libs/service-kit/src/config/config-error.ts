import type { z } from 'zod';

/** Every environment variable that failed validation, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }

  static fromZod(issues: readonly z.core.$ZodIssue[], env: Record<string, string | undefined>): ConfigError {
    return new ConfigError(
      issues.map((issue) => {
        const variable = issue.path.map(String).join('.') || '(environment)';
        const raw = env[variable];
        // Echo the bad value, except for variables that may hold credentials.
        const shown = raw === undefined ? 'unset' : looksSecret(variable) ? 'set (value hidden)' : JSON.stringify(raw);
        return `${variable} (${shown}): ${issue.message}`;
      }),
    );
  }
}

function looksSecret(variable: string): boolean {
  return /KEY|SECRET|TOKEN|PASSWORD|_URL$/.test(variable);
}
