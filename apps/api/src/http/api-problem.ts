import { PROBLEM_KINDS, type FieldError, type ProblemKind } from '@alkdrec/contracts';

/**
 * An expected error of a route, thrown anywhere below a handler and answered as problem+json
 * (http/problem-reply.ts). `detail` is one line for a person; `errors` names each failing field.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';

  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly options: { errors?: readonly FieldError[]; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind];
  }

  /** A 400 naming every failing field, its detail listing them in one line. */
  static validation(errors: readonly FieldError[]): ApiProblem {
    const detail = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    return new ApiProblem('validation', `invalid request: ${detail}`, { errors });
  }

  static notFound(detail: string): ApiProblem {
    return new ApiProblem('not-found', detail);
  }
}
