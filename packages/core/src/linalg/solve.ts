import { broadcastShapes } from "../shape.js";
import { LinAlgError, ShapeError } from "../errors.js";
import { eye } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { checkFloating, checkSquare, firstFailure, linAlgError } from "./checks.js";
import { eliminate } from "./elimination.js";

export interface SolveOptions {
  /** Solve `A X = B` (true, the default) or `X A = B`. */
  left?: boolean;
}

/** `torch.linalg.inv(A)`: the inverse of each square matrix in `A [..., n, n]`. */
export function inv(a: Tensor): Tensor {
  const op = "linalg.inv";
  const n = checkSquare(op, a);
  const identity = eye(n, { dtype: a.dtype, device: a.device }).expand(a.shape);
  const { solution, pivots } = eliminate(a, identity);
  const bad = firstFailure(pivots.eq(0));
  if (bad) throw linAlgError(op, a, bad.batch, `The diagonal element ${bad.index + 1} is zero, the inversion could not be completed because the input matrix is singular.`);
  return solution;
}

/**
 * `torch.linalg.solve(A, B)`: X with `A X = B` (or `X A = B` with `left:
 * false`). `B` is a batch of vectors when it is 1-D or has `A`'s batch shape
 * without the last dim, as PyTorch decides; batch dims broadcast.
 */
export function solve(a: Tensor, b: Tensor, options: SolveOptions = {}): Tensor {
  const op = "linalg.solve";
  const n = checkSquare(op, a);
  checkFloating(op, b);
  if (a.dtype !== b.dtype) throw new TypeError(`${op}: Expected A and B to have the same dtype, but found A of type ${a.dtype} and B of type ${b.dtype} instead`);
  const left = options.left ?? true;
  const vector = b.ndim === 1 || (b.ndim === a.ndim - 1 && b.shape.every((s, i) => s === a.shape[i]));
  if (vector && !left) throw new ShapeError(`${op}: Vector broadcasting of the left hand side is not supported for left=False. In this case linalg.solve is equivalent to B / A.squeeze(-1)`);
  const matrix = vector ? b.unsqueeze(-1) : b;
  if (matrix.ndim < 2) throw new ShapeError(`${op}: The input tensor B must have at least 2 dimensions.`);
  const [rows, cols] = matrix.shape.slice(-2) as [number, number];
  if ((left ? rows : cols) !== n) {
    throw new ShapeError(`${op}: Incompatible shapes of A and B for the equation ${left ? "AX = B" : "XA = B"} (${n}x${n} and ${rows}x${cols})`);
  }
  const batch = broadcastShapes(op, a.shape.slice(0, -2), matrix.shape.slice(0, -2));
  const lhs = (left ? a : a.mT).expand([...batch, n, n]);
  const rhs = (left ? matrix : matrix.mT);
  const { solution, pivots } = eliminate(lhs, rhs.expand([...batch, ...rhs.shape.slice(-2)]));
  if (firstFailure(pivots.eq(0))) throw new LinAlgError(`torch.${op}: The solver failed because the input matrix is singular.`);
  const x = left ? solution : solution.mT;
  return vector ? x.squeeze(-1) : x;
}
