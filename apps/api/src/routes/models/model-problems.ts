import { ArtifactIntegrityError, ArtifactNotFoundError, ModelNotFoundError, ModelNotReadyError, ServingError, type ServingRefusal } from '@alkdrec/db';
import { CheckpointFormatError, CheckpointLayoutError, ModelExportError } from '@alkdrec/serving';
import type { ProblemKind } from '@alkdrec/contracts';
import type { ApiProblem } from '../../http/api-problem';
import { fieldProblem } from '../../http/field-problem';
import { UnservableModelError } from '../../serving/loaded-model';

/** The problem kind of each refusal of ServingRepository (docs/api.md, "Promotion"). */
const REFUSAL_KINDS: Readonly<Record<ServingRefusal, ProblemKind>> = {
  'unknown-dataset': 'not-found',
  'unknown-model': 'not-found',
  'wrong-dataset': 'unprocessable-content',
  'not-ready': 'conflict',
  'nothing-to-roll-back': 'conflict',
};

/** What the request calls ServingError's fields: `params.name`, `params.id`. */
export interface RequestFields {
  dataset: string;
  modelId: string;
}

/** A refused promote or rollback as problem+json naming the request's field; undefined for other errors. */
export function servingProblem(error: unknown, fields: RequestFields): ApiProblem | undefined {
  if (!(error instanceof ServingError)) return undefined;
  const message = error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return fieldProblem(REFUSAL_KINDS[error.reason], fields[error.field], message);
}

/**
 * Why a model cannot be served or exported, naming `field`: unknown (404), not READY (409), or its
 * checkpoint missing, corrupt or not matching its catalogue (422); undefined for other errors.
 */
export function checkpointProblem(error: unknown, field: string, modelId: string): ApiProblem | undefined {
  if (error instanceof ModelNotFoundError) return fieldProblem('not-found', field, error.message);
  if (error instanceof ModelNotReadyError) return fieldProblem('conflict', field, error.message);
  if (error instanceof ArtifactNotFoundError) return fieldProblem('unprocessable-content', field, `the checkpoint of model ${JSON.stringify(modelId)} is missing from the artifact store (${error.uri})`);
  if (
    error instanceof ArtifactIntegrityError ||
    error instanceof CheckpointFormatError ||
    error instanceof CheckpointLayoutError ||
    error instanceof ModelExportError ||
    error instanceof UnservableModelError
  ) {
    return fieldProblem('unprocessable-content', field, `model ${JSON.stringify(modelId)} cannot be used: ${error.message}`);
  }
  return undefined;
}
