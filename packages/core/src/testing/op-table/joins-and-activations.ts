import * as torch from "../../index.js";
import { ALL, FLOAT, NUMERIC, UNARY_CASES, fixed, index, type OpSpec } from "../op-spec.js";
import { byName, method } from "./lookup.js";

/**
 * Joining, splitting, reordering and activation ops, looked up by name so
 * the table does not depend on when each lands (missing ones are skipped).
 */
export const JOIN_AND_ACTIVATION_OPS: readonly OpSpec[] = [
  byName("cat(1)", "cat", [[[2, 3], [2, 2]], [[2, 0], [2, 3]], [[0], [2, 3]]], (cat, a, b) => cat([a, b], 1), { dtypes: ALL }),
  byName("cat(0, promoted)", "cat", [[{ shape: [1, 3], dtype: "int32" }, { shape: [2, 3], dtype: "float32" }]], (cat, a, b) => cat([a, b], 0), { oracle: false }),
  byName("concat(0)", "concat", [[[2, 3], [1, 3]]], (concat, a, b) => concat([a, b], 0), { dtypes: ALL }),
  byName("concatenate(-1)", "concatenate", [[[2, 3], [2, 1]]], (concatenate, a, b) => concatenate([a, b], -1)),
  byName("stack(0)", "stack", [[[2, 3], [2, 3]], [[], []]], (stack, a, b) => stack([a, b], 0), { dtypes: ALL }),
  byName("stack(-1)", "stack", [[[2, 3], [2, 3]]], (stack, a, b) => stack([a, b], -1), { dtypes: ALL }),
  byName("hstack", "hstack", [[[2, 3], [2, 1]], [[3], [2]]], (hstack, a, b) => hstack([a, b]), { dtypes: ALL }),
  byName("vstack", "vstack", [[[2, 3], [1, 3]], [[3], [3]]], (vstack, a, b) => vstack([a, b]), { dtypes: ALL }),
  method("split(2, 1)", "split", [[[2, 5]]], () => [2, 1], { dtypes: ALL }),
  method("split([1, 3], 1)", "split", [[[2, 4]]], () => [[1, 3], 1], { dtypes: ALL }),
  method("chunk(2)", "chunk", [[[3, 2]], [[0, 2]]], () => [2], { dtypes: ALL }),
  method("flip(0, 1)", "flip", [[[2, 3]], [[2, 3, 2]]], () => [0, 1], { dtypes: ALL }),
  method("repeat(2, 1, 3)", "repeat", [[[2, 3]], [[3]]], () => [2, 1, 3], { dtypes: ALL }),
  method("tile([2])", "tile", [[[2, 3]]], () => [[2]], { dtypes: ALL }),
  method("indexSelect(1)", "indexSelect", [[[3, 4], index([5], 4)], [[3, 4], index([0], 4)]], (_x, i) => [1, i], { dtypes: ALL }),
  method("indexAdd(0)", "indexAdd", [[[4, 2], index([3], 4), [3, 2]]], (_x, i, s) => [0, i, s, { alpha: 2 }], { dtypes: NUMERIC }),
  // these answer with a JS boolean, wrapped in a tensor for comparison
  byName("allclose", "Tensor.prototype.allclose", [[[2, 3], [2, 3]], [[2, 3], []]], (f, x, y) => torch.tensor([f.call(x, y, { rtol: 0.5 })]), { dtypes: NUMERIC, grad: false, readsBack: true }),
  byName("equal", "Tensor.prototype.equal", [[[2, 3], [2, 3]], [fixed([1, 2, 3]), fixed([1, 2, 3])]], (f, x, y) => torch.tensor([f.call(x, y)]), { dtypes: ALL, grad: false, readsBack: true }),
  method("isclose", "isclose", [[[2, 3], [2, 3]], [[2, 3], [3]]], (_x, y) => [y, { rtol: 0.5 }], { dtypes: NUMERIC, grad: false }),
  byName("pad(constant)", "pad", [[[2, 3]], [[1, 2, 3]]], (pad, x) => pad(x, [1, 2], { value: 0.5 })),
  byName("pad(constant, 2 dims)", "pad", [[[1, 2, 3]]], (pad, x) => pad(x, [1, 0, 2, 1]), { dtypes: ALL }),
  byName("pad(reflect)", "pad", [[[1, 2, 4]]], (pad, x) => pad(x, [2, 1], { mode: "reflect" })),
  byName("pad(replicate)", "pad", [[[1, 2, 3]]], (pad, x) => pad(x, [2, 1], { mode: "replicate" })),
  byName("pad(circular)", "pad", [[[1, 2, 3]]], (pad, x) => pad(x, [1, 2], { mode: "circular" })),
  byName("oneHot(5)", "oneHot", [[index([2, 3], 5)], [index([0], 5)]], (oneHot, i) => oneHot(i, 5), { dtypes: ["int64"], grad: false }),
  ...activation("relu", ["relu", "reluBackward"]), ...activation("relu6"), ...activation("sigmoid"), ...activation("tanh"), ...activation("silu"),
  ...activation("mish"), ...activation("hardswish"), ...activation("hardsigmoid"), ...activation("selu"),
  ...activation("logSigmoid"), ...activation("softsign"),
  byName("gelu", "gelu", UNARY_CASES, (f, x) => f(x)),
  byName("gelu(tanh)", "gelu", UNARY_CASES, (f, x) => f(x, { approximate: "tanh" })),
  byName("hardtanh(-0.5, 1)", "hardtanh", UNARY_CASES, (f, x) => f(x, -0.5, 1)),
  byName("leakyRelu(0.2)", "leakyRelu", UNARY_CASES, (f, x) => f(x, 0.2)),
  byName("elu(0.5)", "elu", UNARY_CASES, (f, x) => f(x, 0.5)),
  byName("celu(1.5)", "celu", UNARY_CASES, (f, x) => f(x, 1.5)),
  byName("softplus(beta 2, threshold 3)", "softplus", UNARY_CASES, (f, x) => f(x, { beta: 2, threshold: 3 })),
];

/** A one-argument activation `torch.<name>(x)`, and the fused kernels it reaches when their names differ from its own. */
function activation(name: string, fused: string[] = []): OpSpec[] {
  return [byName(name, name, UNARY_CASES, (f, x) => f(x), { dtypes: FLOAT, fused })];
}
