import { ContractViolation, parseContract } from '@alkdrec/contracts';
import type { z } from 'zod';
import { UsageError } from '../cli-error';

/** `batchSize` → `--batch-size`: contract field names as the user typed them. */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Parses flags with the job's own contract (the producer end of "parsed on both ends"), turning a
 * violation into a usage error that names the flags.
 */
export function parseFlagsWithContract<S extends z.ZodType>(schema: S, flags: Record<string, unknown>, what: string): z.infer<S> {
  const present = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  try {
    return parseContract(schema, present, what);
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
    const problems = error.issues.map((issue) => `${issue.path.length ? flagName(issue.path.map(String).join('.')) : what}: ${issue.message}`);
    throw new UsageError(problems.join('\n'));
  }
}
