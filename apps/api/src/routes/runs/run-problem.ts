import { RunNotFoundError, RunStateError, UnknownDatasetError } from '@alkdrec/service-kit';
import { ApiProblem } from '../../http/api-problem';

/**
 * The RunClient's expected errors as the api answers them, with the client's one-line message:
 * no such run → 404; a dataset not imported → 422 on `body.dataset`; an action the run's state does
 * not allow (cancelling a finished run) → 409 naming the state. Anything else is rethrown as is.
 */
export async function answeringRunErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw runProblemOf(error) ?? error;
  }
}

export function runProblemOf(error: unknown): ApiProblem | undefined {
  if (error instanceof RunNotFoundError) return ApiProblem.notFound(error.message);
  if (error instanceof UnknownDatasetError) {
    return new ApiProblem('unprocessable-content', error.message, { errors: [{ field: 'body.dataset', message: error.message }] });
  }
  if (error instanceof RunStateError) return new ApiProblem('conflict', error.message);
  return undefined;
}
