/** A dataset import refused before anything was written; the message is meant for the user. */
export class DatasetImportError extends Error {
  override readonly name: string = 'DatasetImportError';
}

export class DatasetFileNotFoundError extends DatasetImportError {
  override readonly name = 'DatasetFileNotFoundError';
  constructor(readonly path: string) {
    super(`dataset file not found: ${path}`);
  }
}

export class InvalidDatasetNameError extends DatasetImportError {
  override readonly name = 'InvalidDatasetNameError';
  constructor(
    readonly datasetName: string,
    reason: string,
  ) {
    super(`invalid dataset name ${JSON.stringify(datasetName)}: ${reason}`);
  }
}

export class DatasetNameTakenError extends DatasetImportError {
  override readonly name = 'DatasetNameTakenError';
  constructor(readonly datasetName: string) {
    super(`a dataset named ${JSON.stringify(datasetName)} already exists; choose another name (nothing was imported)`);
  }
}
