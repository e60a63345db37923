/**
 * The one place that imports TensorFlow.js: tfjs-core and the pure-JS `cpu` backend (the default
 * until initBackend picks another, as the `@tensorflow/tfjs` umbrella registered it). Not the
 * umbrella itself: it drags webgl, layers, converter, data and core-js into the image (~240 MB).
 *
 * tfjs-core's CommonJS bundle registers no gradients (only its ES modules have
 * register_all_gradients, which Node cannot load: extensionless imports). tfjs-layers' Node bundle
 * registers every op's gradient when loaded, so it is imported for that side effect only; layers
 * themselves are not used. Chained ops (`tensor.add(…)`) are not registered: call `tf.add(t, …)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Scalar } from '@tensorflow/tfjs-core';
