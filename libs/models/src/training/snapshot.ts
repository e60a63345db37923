import { tf, type Variable } from '../tf';

/** Host copies of variable values: the best checkpoint seen so far during training. */
export type Snapshot = Float32Array[];

export function takeSnapshot(variables: readonly Variable[]): Snapshot {
  return variables.map((v) => (v.dataSync() as Float32Array).slice());
}

export function restoreSnapshot(variables: readonly Variable[], snapshot: Snapshot): void {
  variables.forEach((v, i) => {
    const values = snapshot[i];
    if (!values) throw new Error(`snapshot has no values for variable ${v.name}`);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
  });
}
