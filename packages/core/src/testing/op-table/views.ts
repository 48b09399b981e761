import * as torch from "../../index.js";
import { ALL, UNARY_CASES, op, type OpSpec } from "../op-spec.js";

const V = { dtypes: ALL };
/** Views that must fail on non-contiguous inputs (PyTorch asks for reshape there) or read raw storage. */
const CONTIGUOUS_ONLY = { dtypes: ALL, layouts: false };

/** View ops: results alias the input, so reading them back exercises strided copies on the backend. */
export const VIEW_OPS: readonly OpSpec[] = [
  op("view(3, 2)", (x) => x.view(3, 2), [[[2, 3]], [[6]]], CONTIGUOUS_ONLY),
  op("view(-1)", (x) => x.view(-1), [[[2, 3]], [[]], [[0, 3]]], CONTIGUOUS_ONLY),
  op("unflatten(1, [3, 1])", (x) => x.unflatten(1, [3, 1]), [[[2, 3]]], CONTIGUOUS_ONLY),
  op("viewAs", (x, y) => x.viewAs(y), [[[2, 3], { shape: [3, 2], role: "index", dtype: "int64" }]], CONTIGUOUS_ONLY),
  op("asStrided([2, 2], [1, 2], 1)", (x) => x.asStrided([2, 2], [1, 2], 1), [[[2, 3]]], CONTIGUOUS_ONLY),
  op("reshape(3, -1)", (x) => x.reshape(3, -1), [[[2, 3]], [[6]], [[3, 1, 2]]], V),
  op("reshape(-1)", (x) => x.reshape(-1), [[[2, 3]], [[]], [[0, 3]]], V),
  op("reshapeAs", (x, y) => x.reshapeAs(y), [[[2, 3], { shape: [3, 2], role: "index", dtype: "int64" }]], V),
  op("flatten()", (x) => x.flatten(), UNARY_CASES, V),
  op("flatten(1)", (x) => x.flatten(1), [[[2, 3, 4]]], V),
  op("permute(2, 0, 1)", (x) => x.permute(2, 0, 1), [[[2, 3, 4]]], V),
  op("transpose(0, 1)", (x) => x.transpose(0, 1), [[[2, 3]], [[2, 3, 4]]], V),
  op("swapaxes(0, 2)", (x) => x.swapaxes(0, 2), [[[2, 3, 4]]], V),
  op("t()", (x) => x.t(), [[[2, 3]], [[3]], [[]]], V),
  op("T", (x) => x.T, [[[2, 3, 4]]], V),
  op("mT", (x) => x.mT, [[[2, 3, 4]]], V),
  op("movedim(0, 2)", (x) => x.movedim(0, 2), [[[2, 3, 4]]], V),
  op("expand(2, 3)", (x) => x.expand(2, 3), [[[1, 3]], [[2, 1]], [[]]], V),
  op("expand(4, -1, 3)", (x) => x.expand(4, -1, 3), [[[2, 1]]], V),
  op("expandAs", (x, y) => x.expandAs(y), [[[3], { shape: [2, 3], role: "index", dtype: "int64" }]], V),
  op("squeeze()", (x) => x.squeeze(), [[[2, 1, 3]], [[1]], [[]]], V),
  op("squeeze(1)", (x) => x.squeeze(1), [[[2, 1, 3]], [[2, 3]]], V),
  op("unsqueeze(0)", (x) => x.unsqueeze(0), UNARY_CASES, V),
  op("unsqueeze(-1)", (x) => x.unsqueeze(-1), [[[2, 3]]], V),
  op("narrow(1, 1, 2)", (x) => x.narrow(1, 1, 2), [[[2, 3]], [[3, 4, 2]]], V),
  op("select(1, -1)", (x) => x.select(1, -1), [[[2, 3]], [[3, 4, 2]]], V),
  op("slice(1, 0, null, 2)", (x) => x.slice(1, 0, null, 2), [[[2, 3]], [[2, 5, 2]]], V),
  op("slice(0, -2)", (x) => x.slice(0, -2), [[[4, 3]], [[3]]], V),
  op("slice(-1, 1, 100, 3)", (x) => x.slice(-1, 1, 100, 3), [[[2, 7]], [[2, 0]]], V),
  op("index(0, 1:, None, ...)", (x) => x.index(0, torch.slice(1), null, "..."), [[[3, 4, 2]]], V),
  op("index(..., 1)", (x) => x.index("...", 1), [[[2, 3, 4]]], V),
  op("unbind(1)", (x) => x.unbind(1), [[[2, 3]], [[2, 0]]], V),
  op("contiguous", (x) => x.contiguous(), UNARY_CASES, V),
];
