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

/** A dataset file exists but cannot be read as a file: a directory, no permission, … */
export class DatasetFileUnreadableError extends DatasetImportError {
  override readonly name = 'DatasetFileUnreadableError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read dataset file ${path}: ${reason}`);
  }
}

/** The content sha256 of one input file against the bundled dataset's, for the reserved-name refusal. */
export interface ContentMismatch {
  file: 'items' | 'sessions';
  given: string;
  bundled: string;
}

/**
 * A bundled dataset's name with other content. The recorded GPT-4 answers, hints and reference
 * selections of a bundled dataset refer to its rows by number, so other rows under its name would be
 * paired with answers about other sessions.
 */
export class ReservedDatasetNameError extends DatasetImportError {
  override readonly name = 'ReservedDatasetNameError';
  constructor(
    readonly datasetName: string,
    readonly mismatches: readonly ContentMismatch[],
  ) {
    const differences = mismatches.map((m) => `${m.file} sha256 ${shortSha(m.given)}…, bundled ${shortSha(m.bundled)}…`).join('; ');
    super(
      `${JSON.stringify(datasetName)} is the name of a bundled dataset and these files are not its content (${differences}); ` +
        `import the bundled copy with: alkdrec import --dataset ${datasetName}, or choose another name (nothing was imported)`,
    );
  }
}

/** Files that parse but leave too little to train and evaluate on (recsys' MIN_DATASET_SIZE). */
export class DatasetNotTrainableError extends DatasetImportError {
  override readonly name = 'DatasetNotTrainableError';
  constructor(
    readonly itemsPath: string,
    readonly sessionsPath: string,
    readonly reason: string,
  ) {
    super(`cannot train on ${itemsPath} and ${sessionsPath} (nothing was imported): ${reason}`);
  }
}

/** The first 12 hex digits: enough to tell two files apart in a message. */
export function shortSha(sha256: string): string {
  return sha256.slice(0, 12);
}

/** A dataset metadata file (or upload field) that is not JSON or breaks the DatasetMetadata contract. */
export class DatasetMetadataError extends DatasetImportError {
  override readonly name = 'DatasetMetadataError';
  constructor(
    /** What the metadata is called: its path, or an upload's field. */
    readonly source: string,
    /** Every problem: the field's dotted path ('' for the whole document) and what is wrong with it. */
    readonly problems: readonly { field: string; message: string }[],
  ) {
    super(`invalid dataset metadata in ${source}: ${problems.map((p) => `${p.field || '(document)'}: ${p.message}`).join('; ')}`);
  }
}
