import type { FieldError } from '@alkdrec/contracts';
import type { z } from 'zod';

export type InputLocation = 'params' | 'query' | 'body';

/** Parses one input against its schema; failures are appended to `errors`, one per issue, by path. */
export function parseInput(schema: z.ZodType | undefined, value: unknown, location: InputLocation, errors: FieldError[]): unknown {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...result.error.issues.flatMap((issue) => issueToFieldErrors(issue, location)));
  return undefined;
}

/** `query.limit`, `body.items[2]`; an unrecognised key is named itself (`query.colour`), not its object. */
export function issueToFieldErrors(issue: z.core.$ZodIssue, location: string): FieldError[] {
  const field = fieldPath(location, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: fieldPath(location, [...issue.path, key]), message: 'not a field of this request' }));
  }
  return [{ field, message: issue.message }];
}

export function fieldPath(location: string, path: readonly PropertyKey[]): string {
  let field = location;
  for (const part of path) field += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return field;
}
