/**
 * Gauss-Jordan elimination with partial pivoting, written with tensor ops so
 * it runs batched on every backend and autograd differentiates it: each of
 * the n steps swaps the row with the largest remaining pivot into place
 * (gather, as LAPACK's getrf chooses it: the first largest |value|), scales
 * it, and clears its column in every other row. The pivots are LU's U
 * diagonal, so they give the determinant and tell a singular matrix (an
 * exactly zero pivot, as LAPACK reports it).
 */
import { noGrad } from "../autograd/grad-mode.js";
import { cat } from "../ops/cat.js";
import { arange, ones } from "../ops/creation.js";
import { where } from "../ops/selection.js";
import type { Tensor } from "../tensor.js";

export interface Elimination {
  /** `A⁻¹ B` (the columns after A's), `[..., n, k]`. */
  solution: Tensor;
  /** LU's U diagonal, `[..., n]`, in elimination order. */
  pivots: Tensor;
  /** +1 or -1 per batch element: the sign of the row permutation, `[...]`. */
  parity: Tensor;
}

/** Eliminates `a` `[..., n, n]` against `b` `[..., n, k]` (both already broadcast to the same batch). */
export function eliminate(a: Tensor, b: Tensor): Elimination {
  const n = a.shape[a.ndim - 1]!;
  const m = n + b.shape[b.ndim - 1]!;
  let work = cat([a, b], -1);
  const rows = arange(n, { dtype: "int64", device: a.device }).reshape(n, 1);
  let parity = ones(a.shape.slice(0, -2), { dtype: a.dtype, device: a.device });
  const pivots: Tensor[] = [];
  for (let k = 0; k < n; k++) {
    const chosen = noGrad(() => work.narrow(-1, k, 1).narrow(-2, k, n - k).abs().argmax(-2, { keepdim: true }).add(k));
    const order = noGrad(() => where(rows.eq(k), chosen, where(rows.eq(chosen), k, rows)));
    work = work.gather(-2, order.expand([...work.shape.slice(0, -1), m]));
    parity = noGrad(() => where(chosen.eq(k).reshape(parity.shape), parity, parity.neg()));
    const pivot = work.narrow(-2, k, 1).narrow(-1, k, 1);
    pivots.push(pivot);
    // a zero pivot means the rest of its column is zero too: dividing by 1 keeps it so
    const row = work.narrow(-2, k, 1).div(where(pivot.eq(0), 1, pivot));
    work = where(rows.eq(k), row, work.sub(work.narrow(-1, k, 1).mul(row)));
  }
  const pivotShape = a.shape.slice(0, -1);
  return {
    solution: work.narrow(-1, n, m - n),
    pivots: n === 0 ? noGrad(() => a.sum(-1)) : cat(pivots, -1).reshape(pivotShape),
    parity,
  };
}
