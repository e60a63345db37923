import { z } from 'zod';

/** A payload or result that does not match its schema; names the job and every bad field. */
export class ContractViolation extends Error {
  constructor(
    readonly what: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`${what}: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'ContractViolation';
  }
}

export function parseContract<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractViolation(what, result.error.issues);
  return result.data;
}

/** A job's contract: what its payload and its result must look like. */
export interface JobContract<P extends z.ZodType, R extends z.ZodType> {
  payload: P;
  result: R;
}

/**
 * The consumer's end of "parsed on both ends": parses a job's data with its payload contract, runs
 * the handler, and parses what the handler returns with the result contract, naming the job in any
 * violation.
 */
export async function runUnderContract<P extends z.ZodType, R extends z.ZodType>(
  contract: JobContract<P, R>,
  job: { name: string; data: unknown },
  handle: (payload: z.infer<P>) => Promise<z.input<R>>,
): Promise<z.infer<R>> {
  const payload = parseContract(contract.payload, job.data, `${job.name} payload`);
  return parseContract(contract.result, await handle(payload), `${job.name} result`);
}
