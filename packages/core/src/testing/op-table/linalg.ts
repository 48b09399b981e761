import type { DType } from "../../dtype.js";
import * as torch from "../../index.js";
import type { Tensor } from "../../tensor.js";
import { FLOAT, NUMERIC, op, type OpSpec } from "../op-spec.js";

const MATMUL_DTYPES: readonly DType[] = [...FLOAT, "int32", "int64"];

/** matmul's 1-D promotion, batching with broadcast batch dims, and empty inner or outer dims. */
const MATMUL_CASES = [
  [[2, 3], [3, 4]],
  [[3], [3]],
  [[3], [3, 4]],
  [[2, 3], [3]],
  [[2, 2, 3], [3, 4]],
  [[2, 3], [2, 3, 4]],
  [[2, 1, 2, 3], [3, 3, 2]],
  [[0, 3], [3, 4]],
  [[2, 0], [0, 3]],
];

/** Longer dot products round more. */
const M = { dtypes: MATMUL_DTYPES, tolerance: 2 };

/** Matrices far from singular: the input plus n on the diagonal (random entries are below 3 in size). */
const conditioned = (x: Tensor) => x.add(torch.eye(x.shape[x.ndim - 1]!, { dtype: x.dtype, device: x.device }).mul(3 * x.shape[x.ndim - 1]!));
/** Symmetric positive-definite matrices from any square input. */
const spd = (x: Tensor) => x.matmul(x.mT).add(torch.eye(x.shape[x.ndim - 1]!, { dtype: x.dtype, device: x.device }).mul(x.shape[x.ndim - 1]!));
/** linalg computes in float32 and float64 (PyTorch refuses half types); elimination rounds more than one op. */
const L = { dtypes: ["float32", "float64"] as DType[], tolerance: 4 };

export const LINALG_OPS: readonly OpSpec[] = [
  op("linalg.inv", (x) => torch.linalg.inv(conditioned(x)), [[[3, 3]], [[2, 4, 4]], [[0, 2, 2]], [[1, 1]]], L),
  op("inverse", (x) => conditioned(x).inverse(), [[[3, 3]]], L),
  op("linalg.det", (x) => torch.linalg.det(conditioned(x)), [[[3, 3]], [[2, 2, 2]], [[0, 0]]], L),
  op("det", (x) => x.det(), [[[3, 3]]], L),
  op("linalg.slogdet", (x) => [...torch.linalg.slogdet(conditioned(x).neg())], [[[3, 3]], [[2, 2, 2]]], L),
  op("logdet", (x) => torch.logdet(spd(x)), [[[3, 3]]], L),
  op("linalg.solve", (a, b) => torch.linalg.solve(conditioned(a), b), [[[3, 3], [3, 2]], [[3, 3], [3]], [[2, 1, 3, 3], [4, 3, 2]]], L),
  op("linalg.solve(left=false)", (a, b) => torch.linalg.solve(conditioned(a), b, { left: false }), [[[3, 3], [2, 3]]], L),
  op("linalg.cholesky", (x) => torch.linalg.cholesky(spd(x)), [[[3, 3]], [[2, 4, 4]]], L),
  op("linalg.cholesky(upper)", (x) => torch.linalg.cholesky(spd(x), { upper: true }), [[[3, 3]]], L),
  op("cholesky", (x) => spd(x).cholesky(), [[[2, 2]]], L),
  op("linalg.vectorNorm", (x) => torch.linalg.vectorNorm(x), [[[2, 3]], [[]], [[0, 3]]], L),
  op("linalg.vectorNorm(1, dim)", (x) => torch.linalg.vectorNorm(x, 1, 1, { keepdim: true }), [[[2, 3]]], L),
  op("linalg.vectorNorm(inf)", (x) => torch.linalg.vectorNorm(x, Infinity, [0, 1]), [[[2, 3]]], { ...L, grad: false }),
  op("linalg.vectorNorm(3.5)", (x) => torch.linalg.vectorNorm(x, 3.5, -1), [[[2, 3]]], L),
  op("linalg.matrixNorm", (x) => torch.linalg.matrixNorm(x), [[[2, 3, 4]]], L),
  op("linalg.matrixNorm(1)", (x) => torch.linalg.matrixNorm(x, 1), [[[2, 3, 4]]], { ...L, grad: false }),
  op("linalg.matrixNorm(-inf)", (x) => torch.linalg.matrixNorm(x, -Infinity, [0, 2], { keepdim: true }), [[[3, 2, 4]]], { ...L, grad: false }),
  op("linalg.norm", (x) => torch.linalg.norm(x), [[[3, 4]]], L),
  op("linalg.norm(inf)", (x) => torch.linalg.norm(x, Infinity), [[[3, 4]]], { ...L, grad: false }),
  op("matmul", (a, b) => a.matmul(b), MATMUL_CASES, M),
  op("torch.matmul", (a, b) => torch.matmul(a, b), [[[2, 3], [3, 4]]], M),
  op("mm", (a, b) => a.mm(b), [[[2, 3], [3, 4]], [[0, 3], [3, 2]], [[1, 1], [1, 1]]], M),
  op("bmm", (a, b) => a.bmm(b), [[[2, 2, 3], [2, 3, 4]]], M),
  op("dot", (a, b) => a.dot(b), [[[3], [3]], [[0], [0]]], M),
  op("mv", (a, b) => a.mv(b), [[[2, 3], [3]]], M),
  op("outer", (a, b) => a.outer(b), [[[2], [3]]], M),
  op("softmax(1)", (x) => x.softmax(1), [[[2, 3]], [[0, 3]], [[2, 3, 4]]], { dtypes: NUMERIC }),
  op("softmax(0)", (x) => x.softmax(0), [[[4]], [[]], [[3, 2]]]),
  op("softmax(-1, float64)", (x) => x.softmax(-1, { dtype: "float64" }), [[[2, 3]]], { dtypes: ["float32", "float16"], makes: ["float64"] }),
  op("logSoftmax(1)", (x) => x.logSoftmax(1), [[[2, 3]], [[0, 3]], [[2, 3, 4]]], { dtypes: NUMERIC }),
  op("logSoftmax(0)", (x) => x.logSoftmax(0), [[[4]], [[]]]),
  op("torch.softmax", (x) => torch.softmax(x, 1), [[[2, 3]]]),
  op("torch.logSoftmax", (x) => torch.logSoftmax(x, -1), [[[2, 3]]]),
];
