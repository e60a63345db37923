import { tf, type Tensor } from '../tf';

/**
 * x / sqrt(‖x‖² + eps²) along `axis`: PyTorch's F.normalize, smoothed at zero. The padding row is
 * all zeros, and sqrt's gradient at 0 is infinite — with max(‖x‖, eps) instead, that infinity times
 * the masked (zero) upstream gradient is NaN and poisons every weight.
 */
export function l2Normalize<T extends Tensor>(x: T, axis: number, eps = 1e-8): T {
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(x), axis, true), eps * eps));
  return tf.div(x, norm) as T;
}

/** Layer normalisation over the last axis with learned gain and bias. */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D, eps = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gain), bias);
}
