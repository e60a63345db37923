import { tf, type Tensor } from '../tf';

/** x / max(‖x‖₂, eps) along `axis` (PyTorch's F.normalize); eps keeps padding rows finite. */
export function l2Normalize<T extends Tensor>(x: T, axis: number, eps = 1e-12): T {
  const norm = tf.sqrt(tf.sum(tf.square(x), axis, true));
  return tf.div(x, tf.maximum(norm, eps)) as T;
}

/** Layer normalisation over the last axis with learned gain and bias. */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D, eps = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gain), bias);
}
