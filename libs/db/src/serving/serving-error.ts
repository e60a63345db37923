/** Why a promote or rollback was refused; the api maps them to 404 / 409 / 422. */
export type ServingRefusal = 'unknown-dataset' | 'unknown-model' | 'wrong-dataset' | 'not-ready' | 'nothing-to-roll-back';

/** A refused promote or rollback: one line naming the field (`dataset` or `modelId`) at fault. */
export class ServingError extends Error {
  override readonly name = 'ServingError';
  constructor(
    readonly reason: ServingRefusal,
    readonly field: 'dataset' | 'modelId',
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}
