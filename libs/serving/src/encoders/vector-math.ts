/*
 * Small dense kernels for the session encoders, in float64 over float32 weights. Matrices are
 * row-major [rows, cols] as the checkpoint stores them; a vector times a matrix is x·W (x has
 * `rows` entries), the way the backbones apply their linear layers.
 */

/** out[0..cols) (+)= x[0..rows) · W[rows, cols], reading x from `xOffset`. */
export function vecMat(
  x: ArrayLike<number>, xOffset: number, w: Float32Array, rows: number, cols: number, out: Float64Array, accumulate = false,
): void {
  if (!accumulate) out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const xr = x[xOffset + r] as number;
    if (xr === 0) continue;
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c] = (out[c] as number) + xr * (w[base + c] as number);
  }
}

/** Copies row `row` of a [*, dim] table into out[offset..offset+dim). */
export function copyRow(table: Float32Array, row: number, dim: number, out: Float64Array, offset = 0): void {
  const base = row * dim;
  for (let c = 0; c < dim; c++) out[offset + c] = table[base + c] as number;
}

/**
 * x / sqrt(‖x‖² + eps²) in place over [offset, offset+n), with the stride between entries: the
 * models' l2Normalize (PyTorch's F.normalize, smoothed at zero).
 */
export function l2NormalizeInPlace(x: Float64Array, offset: number, n: number, stride = 1, eps = 1e-8): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (x[offset + i * stride] as number) ** 2;
  const norm = Math.sqrt(sum + eps * eps);
  for (let i = 0; i < n; i++) x[offset + i * stride] = (x[offset + i * stride] as number) / norm;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Softmax in place over x[offset..offset+n). */
export function softmaxInPlace(x: Float64Array, offset: number, n: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, x[offset + i] as number);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((x[offset + i] as number) - max);
    x[offset + i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) x[offset + i] = (x[offset + i] as number) / sum;
}
