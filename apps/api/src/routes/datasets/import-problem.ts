import type { DatasetUploadFile, FieldError } from '@alkdrec/contracts';
import { DatasetMetadataError, DatasetNameTakenError, DatasetNotTrainableError, InvalidDatasetNameError, ReservedDatasetNameError } from '@alkdrec/db';
import { DatasetFormatError } from '@alkdrec/recsys';
import { ApiProblem } from '../../http/api-problem';

/** What the importer's errors call each uploaded file (its `sourceNames`). */
export type UploadNames = Readonly<Record<DatasetUploadFile, string>>;

/**
 * The importer's refusals (the CLI's, word for word) as the api's answers; nothing was written for
 * any of them. A bad line → 422 naming the file field and the line; data too small to train → 422
 * naming both files; a name taken, or reserved for a bundled dataset's content → 409 on `name` (the
 * request is fine, the name conflicts with what exists: choose another). Undefined for other errors.
 */
export function importProblem(error: unknown, names: UploadNames): ApiProblem | undefined {
  if (error instanceof DatasetFormatError) {
    const file = fileOf(error.file, names);
    const errors: FieldError[] = [{ field: file ? `body.${file}` : 'body', line: error.line, message: error.problem }];
    return new ApiProblem('unprocessable-content', error.message, { errors });
  }
  if (error instanceof DatasetNotTrainableError) {
    const errors = (Object.keys(names) as DatasetUploadFile[]).map((file) => ({ field: `body.${file}`, message: error.reason }));
    return new ApiProblem('unprocessable-content', error.message, { errors });
  }
  if (error instanceof DatasetNameTakenError || error instanceof ReservedDatasetNameError) {
    return new ApiProblem('conflict', error.message, { errors: [{ field: 'body.name', message: error.message }] });
  }
  if (error instanceof InvalidDatasetNameError) return ApiProblem.validation([{ field: 'body.name', message: error.message }]);
  if (error instanceof DatasetMetadataError) {
    const errors = error.problems.map((p) => ({ field: p.field === '' ? 'body.metadata' : `body.metadata.${p.field}`, message: p.message }));
    return new ApiProblem('unprocessable-content', error.message, { errors });
  }
  // Anything else (a temporary file unreadable, the database) is ours, not the client's.
  return undefined;
}

function fileOf(name: string, names: UploadNames): DatasetUploadFile | undefined {
  return (Object.keys(names) as DatasetUploadFile[]).find((file) => names[file] === name);
}
