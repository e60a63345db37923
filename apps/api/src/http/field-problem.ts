import type { ProblemKind } from '@alkdrec/contracts';
import { ApiProblem } from './api-problem';

/** A field's problem: `detail` is `<field>: <message>`, and `errors` names the field (e.g. a 404 naming `params.id`). */
export function fieldProblem(kind: ProblemKind, field: string, message: string): ApiProblem {
  return new ApiProblem(kind, `${field}: ${message}`, { errors: [{ field, message }] });
}
