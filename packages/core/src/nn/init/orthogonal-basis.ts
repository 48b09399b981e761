/**
 * The Q factor of a QR decomposition with R's diagonal made positive, which
 * is what `orthogonal_` needs: for a Gaussian matrix this Q is uniformly
 * (Haar) distributed. Modified Gram-Schmidt run twice ("twice is enough")
 * keeps Q orthonormal to working precision.
 *
 * `a` is rows x cols, row-major, with rows >= cols; returns rows x cols.
 */
export function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < cols; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[i * cols + k]! * q[i * cols + j]!;
        for (let i = 0; i < rows; i++) q[i * cols + j]! -= dot * q[i * cols + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += q[i * cols + j]! ** 2;
    norm = Math.sqrt(norm);
    // a zero column has no direction; PyTorch's sign(0) would zero it too
    for (let i = 0; i < rows; i++) q[i * cols + j] = norm > 0 ? q[i * cols + j]! / norm : 0;
  }
  return q;
}
