import assert from 'node:assert/strict';
import { Problem, problemTypeOf, type ProblemKind } from '@alkdrec/contracts';

/** Asserts a problem+json answer of `kind` naming exactly `fields` (in any order); returns it. */
export function expectProblem(response: { statusCode: number; body: string; headers: Record<string, unknown> }, kind: ProblemKind, fields: readonly string[] | undefined): Problem {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, response.body);
  const problem = Problem.parse(JSON.parse(response.body));
  assert.equal(problem.type, problemTypeOf(kind), response.body);
  assert.equal(response.statusCode, problem.status);
  assert.deepEqual(problem.errors?.map((e) => e.field).sort(), fields === undefined ? undefined : [...fields].sort(), problem.detail);
  return problem;
}
