import type { DType } from "../../dtype.js";
import { ALL, NUMERIC, op, type OpSpec } from "../op-spec.js";

const WHOLE = [[[2, 3, 4]], [[]], [[5]], [[0, 3]]];
const ALONG = [[[2, 3, 4]], [[2, 3]], [[0, 3]]];
const NONEMPTY_ALONG = [[[2, 3, 4]], [[2, 3]], [[1, 3]]];
const ORDERED: readonly DType[] = NUMERIC;
/** Products of many inputs stay finite and away from zero (the gradient divides by the input). */
const UNIT = { lo: 0.6, hi: 1.4, signed: true };

/** Reductions: over everything, along one dim, over several dims with keepdim; size-0 and 0-dim inputs included. */
export const REDUCTION_OPS: readonly OpSpec[] = [
  op("sum()", (x) => x.sum(), WHOLE, { dtypes: ALL }),
  op("sum(1)", (x) => x.sum(1), ALONG, { dtypes: ALL }),
  op("sum([0, 2], keepdim)", (x) => x.sum([0, 2], { keepdim: true }), [[[2, 3, 4]]], { dtypes: ALL }),
  op("sum(-1, float64)", (x) => x.sum(-1, { dtype: "float64" }), [[[2, 3]]], { dtypes: NUMERIC, makes: ["float64"] }),
  op("mean()", (x) => x.mean(), WHOLE),
  op("mean(1, keepdim)", (x) => x.mean(1, { keepdim: true }), ALONG),
  op("mean([0, 2])", (x) => x.mean([0, 2]), [[[2, 3, 4]]]),
  op("prod()", (x) => x.prod(), [[[2, 3]], [[]], [[0, 3]]], { dtypes: ALL, domain: UNIT }),
  op("prod(1)", (x) => x.prod(1), ALONG, { dtypes: NUMERIC, domain: UNIT }),
  op("prod(0, keepdim)", (x) => x.prod(0, { keepdim: true }), [[[3, 2]]], { dtypes: NUMERIC, domain: UNIT }),
  op("amax()", (x) => x.amax(), [[[2, 3, 4]], [[]]], { dtypes: ORDERED }),
  op("amax(1)", (x) => x.amax(1), NONEMPTY_ALONG, { dtypes: ORDERED }),
  op("amax([0, 2], keepdim)", (x) => x.amax([0, 2], { keepdim: true }), [[[2, 3, 4]]], { dtypes: ORDERED }),
  op("amin(-1)", (x) => x.amin(-1), NONEMPTY_ALONG, { dtypes: ORDERED }),
  op("max()", (x) => x.max(), [[[2, 3, 4]], [[]]], { dtypes: ORDERED }),
  op("min()", (x) => x.min(), [[[2, 3, 4]], [[]]], { dtypes: ORDERED }),
  op("max(1)", (x) => x.max(1), NONEMPTY_ALONG, { dtypes: ORDERED }),
  op("min(0, keepdim)", (x) => x.min(0, { keepdim: true }), NONEMPTY_ALONG, { dtypes: ORDERED }),
  op("argmax()", (x) => x.argmax(), [[[2, 3, 4]], [[]]], { dtypes: ORDERED, grad: false }),
  op("argmax(1)", (x) => x.argmax(1), NONEMPTY_ALONG, { dtypes: ORDERED, grad: false }),
  op("argmin(-1, keepdim)", (x) => x.argmin(-1, { keepdim: true }), NONEMPTY_ALONG, { dtypes: ORDERED, grad: false }),
  op("var()", (x) => x.var(), [[[2, 3, 4]], [[5]]], { tolerance: 4 }),
  op("var(1)", (x) => x.var(1), [[[2, 3, 4]], [[2, 3]]], { tolerance: 4 }),
  op("var(1, correction 0)", (x) => x.var(1, { correction: 0 }), [[[2, 3, 4]]], { tolerance: 4 }),
  op("std([0, 2], keepdim)", (x) => x.std([0, 2], { keepdim: true }), [[[2, 3, 4]]], { tolerance: 4 }),
  op("logsumexp(1)", (x) => x.logsumexp(1), ALONG),
  op("logsumexp([0, 2], keepdim)", (x) => x.logsumexp([0, 2], { keepdim: true }), [[[2, 3, 4]]]),
  op("all()", (x) => x.all(), WHOLE, { dtypes: ALL, grad: false }),
  op("all(1)", (x) => x.all(1), ALONG, { dtypes: ALL, grad: false }),
  op("any()", (x) => x.any(), WHOLE, { dtypes: ALL, grad: false }),
  op("any(0, keepdim)", (x) => x.any(0, { keepdim: true }), ALONG, { dtypes: ALL, grad: false }),
  op("norm()", (x) => x.norm(), [[[2, 3, 4]], [[3]]]),
  op("norm(1, 1)", (x) => x.norm(1, 1), [[[2, 3]]]),
  op("norm(Infinity)", (x) => x.norm(Infinity), [[[2, 3]]]),
  op("norm(3, -1, keepdim)", (x) => x.norm(3, -1, { keepdim: true }), [[[2, 3]]], { tolerance: 4 }),
  op("sumToSize([1, 4])", (x) => x.sumToSize([1, 4]), [[[3, 4]]], { dtypes: NUMERIC }),
];
