/**
 * The one place that imports TensorFlow.js. `@tensorflow/tfjs` (not tfjs-core alone) registers the
 * gradients and the kernels' gradient functions that training needs.
 */
import * as tf from '@tensorflow/tfjs';
export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Scalar } from '@tensorflow/tfjs';
