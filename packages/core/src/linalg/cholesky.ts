import { noGrad } from "../autograd/grad-mode.js";
import { cat } from "../ops/cat.js";
import { arange } from "../ops/creation.js";
import { where } from "../ops/selection.js";
import type { Tensor } from "../tensor.js";
import { checkSquare, firstFailure, linAlgError } from "./checks.js";

export interface CholeskyOptions {
  /** Return the upper factor `U = Lᴴ` (`A = Uᴴ U`) instead of `L`. */
  upper?: boolean;
}

/**
 * The matrix the factorization sees: `A`'s lower triangle mirrored (PyTorch
 * reads only that triangle), whose gradient is the symmetric part of the
 * incoming one, as PyTorch's cholesky_backward returns it.
 */
function symmetricFromLower(a: Tensor): Tensor {
  const sym = a.add(a.mT).mul(0.5);
  const lower = noGrad(() => a.tril().add(a.tril(-1).mT));
  return sym.add(lower.sub(sym.detach()));
}

/** `torch.linalg.cholesky(A)`: lower-triangular L with `A = L Lᴴ`, column by column (Cholesky–Banachiewicz). */
export function cholesky(a: Tensor, options: CholeskyOptions = {}): Tensor {
  const op = "linalg.cholesky";
  const n = checkSquare(op, a);
  if (n === 0) return a.clone();
  const s = symmetricFromLower(a);
  const rows = arange(n, { dtype: "int64", device: a.device }).reshape(n, 1);
  const columns: Tensor[] = [];
  const diagonal: Tensor[] = [];
  for (let j = 0; j < n; j++) {
    let column = s.narrow(-1, j, 1);
    if (j > 0) {
      const done = cat(columns, -1);
      column = column.sub(done.matmul(done.narrow(-2, j, 1).mT));
    }
    const d = column.narrow(-2, j, 1);
    diagonal.push(d);
    column = where(rows.lt(j), 0, column.div(d.sqrt()));
    columns.push(column);
  }
  const bad = firstFailure(noGrad(() => cat(diagonal, -1).reshape(a.shape.slice(0, -1)).gt(0).logicalNot()));
  if (bad) {
    throw linAlgError(op, a, bad.batch, `The factorization could not be completed because the input is not positive-definite (the leading minor of order ${bad.index + 1} is not positive-definite).`);
  }
  const l = cat(columns, -1);
  return options.upper ? l.mT : l;
}
