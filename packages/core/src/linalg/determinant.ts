import { noGrad } from "../autograd/grad-mode.js";
import { where } from "../ops/selection.js";
import type { Tensor } from "../tensor.js";
import { checkSquare } from "./checks.js";
import { eliminate } from "./elimination.js";

/** `(sign, logabsdet)`, as PyTorch's named tuple: read the fields or destructure. */
export interface SignLogAbsDet extends Iterable<Tensor> {
  sign: Tensor;
  logabsdet: Tensor;
}

function factor(op: string, a: Tensor) {
  checkSquare(op, a);
  return eliminate(a, a.narrow(-1, 0, 0));
}

/** Zeros of `x`'s shape that depend on `x` with a zero gradient (NaN and infinity give 0 too). */
export function zeroGradient(x: Tensor): Tensor {
  return where(x.isnan(), 0, x).sign().mul(0);
}

/** `torch.linalg.det(A)`: the product of LU's pivots and the permutation's sign; 0 (or -0) for a singular matrix, as PyTorch. */
export function det(a: Tensor): Tensor {
  const { pivots, parity } = factor("linalg.det", a);
  return pivots.prod(-1).mul(parity);
}

/** `torch.linalg.slogdet(A)`: the sign of the determinant and the log of its absolute value (sign 0 and -inf when singular). */
export function slogdet(a: Tensor): SignLogAbsDet {
  const { pivots, parity } = factor("linalg.slogdet", a);
  const logabsdet = pivots.abs().log().sum(-1);
  // the sign is piecewise constant: a zero gradient, but part of the graph as in PyTorch
  const sign = noGrad(() => pivots.sign().prod(-1).mul(parity)).add(zeroGradient(logabsdet));
  return { sign, logabsdet, *[Symbol.iterator]() { yield sign; yield logabsdet; } };
}

/** `torch.logdet(A)`: log of the determinant; NaN where it is negative, -inf where it is zero. */
export function logdet(a: Tensor): Tensor {
  const { sign, logabsdet } = slogdet(a);
  return where(sign.lt(0), NaN, logabsdet);
}
