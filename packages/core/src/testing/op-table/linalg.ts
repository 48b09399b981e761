import type { DType } from "../../dtype.js";
import * as torch from "../../index.js";
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

export const LINALG_OPS: readonly OpSpec[] = [
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
