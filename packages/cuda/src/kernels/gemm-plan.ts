/**
 * Maps a row-major batched product out[b] = a[b] @ b[b] onto one cuBLAS
 * strided-batched GEMM, which is column-major: it computes out^T = b^T a^T,
 * where a row-major matrix with unit column stride is, read column-major,
 * its transpose (no flag), and one with unit row stride needs the transpose
 * flag. Returns null when the layout does not fit (then the plain kernel runs).
 */
export interface StridedMatrix {
  shape: readonly number[];
  strides: readonly number[];
}

export interface GemmPlan {
  /** Column-major sizes: m = N, n = M, k = K. */
  m: number;
  n: number;
  k: number;
  /** The first operand is `b`, the second `a`. */
  transFirst: boolean;
  ldFirst: number;
  strideFirst: number;
  transSecond: boolean;
  ldSecond: number;
  strideSecond: number;
  ldOut: number;
  strideOut: number;
  batch: number;
}

const INT_MAX = 2 ** 31 - 1;

/** The single stride of the flattened batch dims, or null when they do not flatten (0 when all broadcast). */
export function batchStride(shape: readonly number[], strides: readonly number[], batchDims: number): number | null {
  let stride: number | null = null;
  let span = 1; // elements from one step of the innermost kept dim so far, in batch positions
  for (let d = batchDims - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (stride === null) stride = strides[d]!;
    else if (strides[d] !== stride * span) return null;
    span *= shape[d]!;
  }
  return stride ?? 0;
}

/**
 * How a row-major [rows, cols] operand with strides (rs, cs) reads in column
 * major: its transpose with no flag (unit column stride, leading dimension rs),
 * or itself with the transpose flag (unit row stride, leading dimension cs).
 * cuBLAS needs the leading dimension to be at least the stored row count.
 */
export function operand(rows: number, cols: number, rs: number, cs: number): { trans: boolean; ld: number } | null {
  if (cs === 1 || cols === 1) {
    const ld = rows === 1 ? Math.max(cols, 1) : rs;
    if (ld >= Math.max(1, cols)) return { trans: false, ld };
  }
  if (rs === 1 || rows === 1) {
    const ld = cols === 1 ? Math.max(rows, 1) : cs;
    if (ld >= Math.max(1, rows)) return { trans: true, ld };
  }
  return null;
}

export function gemmPlan(out: StridedMatrix, a: StridedMatrix, b: StridedMatrix): GemmPlan | null {
  const r = out.shape.length;
  const M = out.shape[r - 2]!;
  const N = out.shape[r - 1]!;
  const K = a.shape[r - 1]!;
  const batch = out.shape.slice(0, r - 2).reduce((x, y) => x * y, 1);
  if ([M, N, K, batch].some((v) => v > INT_MAX || v === 0)) return null;
  // the output is written as its transpose in column major: unit column stride
  const o = operand(M, N, out.strides[r - 2]!, out.strides[r - 1]!);
  if (!o || o.trans) return null;
  const ldOut = o.ld;
  const sa = batchStride(a.shape, a.strides, r - 2);
  const sb = batchStride(b.shape, b.strides, r - 2);
  const so = batchStride(out.shape, out.strides, r - 2);
  if (sa === null || sb === null || so === null || (batch > 1 && so === 0)) return null;
  const first = operand(K, N, b.strides[r - 2]!, b.strides[r - 1]!);
  const second = operand(M, K, a.strides[r - 2]!, a.strides[r - 1]!);
  if (!first || !second || [first.ld, second.ld, ldOut, sa, sb, so].some((v) => v > INT_MAX)) return null;
  return {
    m: N, n: M, k: K,
    transFirst: first.trans, ldFirst: first.ld, strideFirst: sb,
    transSecond: second.trans, ldSecond: second.ld, strideSecond: sa,
    ldOut, strideOut: so, batch,
  };
}
