import * as torch from "../../index.js";
import { ALL, NUMERIC, fixed, index, op, type OpSpec } from "../op-spec.js";

const ALONG = [[[2, 3, 4]], [[5]], [[]], [[0, 3]]];
const NONEMPTY = [[[2, 3, 4]], [[5]], [[]]];
/** Products of many inputs stay finite and away from zero (the gradient divides by the input). */
const UNIT = { lo: 0.6, hi: 1.4, signed: true };

/** Cumulative ops and the sort family along every dim kind, with size-0 and 0-dim inputs, NaN and ties. */
export const SCAN_AND_SORT_OPS: readonly OpSpec[] = [
  op("cumsum(1)", (x) => x.cumsum(1), [[[2, 3, 4]], [[0, 3]]], { dtypes: ALL }),
  op("cumsum(0)", (x) => x.cumsum(0), [[[5]], [[]]], { dtypes: ALL }),
  op("cumsum(-1, float64)", (x) => x.cumsum(-1, { dtype: "float64" }), [[[2, 3]]], { dtypes: NUMERIC, makes: ["float64"] }),
  op("cumprod(1)", (x) => x.cumprod(1), [[[2, 3, 4]], [[0, 3]]], { dtypes: NUMERIC, domain: UNIT }),
  op("cumprod(0)", (x) => x.cumprod(0), [[[5]], [[]], [fixed([1.5, 0, 2, 0, -3])], [fixed([0, 2, 0.5])]], { domain: UNIT }),
  op("logcumsumexp(1)", (x) => x.logcumsumexp(1), [[[2, 3, 4]], [[0, 3]]]),
  op("logcumsumexp(0)", (x) => x.logcumsumexp(0), [[[5]], [[]]]),
  op("logcumsumexp(0, -inf)", (x) => x.logcumsumexp(0), [[fixed([-Infinity, 1, -Infinity, 2])]], { grad: false }),
  op("cummax(1)", (x) => x.cummax(1), [[[2, 3, 4]], [[0, 3]]], { dtypes: NUMERIC }),
  op("cummax(0)", (x) => x.cummax(0), [[[5]], [[]]]),
  op("cummax(0, NaN and ties)", (x) => x.cummax(0), [[fixed([1, NaN, 2, NaN, 0])], [fixed([1, 1, 0, 1])]], { grad: false }),
  op("cummin(-1)", (x) => x.cummin(-1), ALONG, { dtypes: NUMERIC }),
  op("sort()", (x) => x.sort(), ALONG, { dtypes: ALL }),
  op("sort(0, descending)", (x) => x.sort(0, { descending: true }), [[[3, 4]], [[5]]], { dtypes: NUMERIC }),
  op("sort(0, descending, NaN and ties)", (x) => x.sort(0, { descending: true }), [[fixed([1, NaN, -2, 1, NaN, 0])]], { grad: false }),
  op("sort(1, NaN and ties)", (x) => x.sort(1), [[fixed([2, 1, 2, 1, 0, NaN, 1, 1], [2, 4])]], { grad: false }),
  op("argsort(1)", (x) => x.argsort(1), [[[2, 3, 4]], [[0, 3]]], { dtypes: ALL, grad: false }),
  op("argsort(descending)", (x) => x.argsort({ descending: true }), [[[3, 5]]], { dtypes: NUMERIC, grad: false }),
  op("msort", (x) => x.msort(), [[[4, 3]]], { dtypes: NUMERIC }),
  op("topk(2)", (x) => x.topk(2), [[[2, 3, 4]], [[5]]], { dtypes: NUMERIC }),
  op("topk(3, 0, smallest)", (x) => x.topk(3, 0, { largest: false }), [[[4, 3]]], { dtypes: NUMERIC }),
  op("topk(0)", (x) => x.topk(0), [[[2, 3]], [[]]], { dtypes: NUMERIC }),
  op("kthvalue(2, 1)", (x) => x.kthvalue(2, 1), [[[2, 3, 4]]], { dtypes: NUMERIC }),
  op("kthvalue(1, keepdim)", (x) => x.kthvalue(1, { keepdim: true }), NONEMPTY, { dtypes: NUMERIC }),
  op("median()", (x) => x.median(), [[[2, 3, 4]], [[4]], [[]]], { dtypes: NUMERIC }),
  op("median(1)", (x) => x.median(1), [[[2, 3, 4]], [[3, 4]]], { dtypes: NUMERIC }),
  op("median(NaN)", (x) => x.median(), [[fixed([1, NaN, 3])]], { grad: false }),
  op("median(1, NaN)", (x) => x.median(1), [[fixed([1, 2, NaN, 0, NaN, 5], [2, 3])]], { grad: false }),
  op("median(0, keepdim)", (x) => x.median(0, { keepdim: true }), [[[4, 2]], [[]]], { dtypes: NUMERIC }),
  op("nanmedian(1)", (x) => x.nanmedian(1), [[[2, 5]]]),
  op("nanmedian(1, NaN)", (x) => x.nanmedian(1), [[fixed([1, NaN, 2, 0, NaN, NaN, 2, 3, NaN], [3, 3])]], { grad: false }),
  op("nanmedian()", (x) => x.nanmedian(), [[[2, 3]], [fixed([NaN, 2, NaN, 1])]], { grad: false }),
  op("mode(1)", (x) => x.mode(1), [[[2, 6]], [fixed([1, 2, 2, 3, 3, 0, 5, 5, 1, 1, 2, 2], [2, 6])]], { dtypes: NUMERIC, grad: false }),
  op("mode(0)", (x) => x.mode(0), [[[4, 3]]]),
  op("mode(0, keepdim)", (x) => x.mode(0, { keepdim: true }), [[[5, 2]], [[]]], { dtypes: NUMERIC }),
  op("unique", (x) => x.unique(), [[[3, 4]], [[]], [[0]]], { dtypes: ALL, grad: false, layouts: true, readsBack: true }),
  op("unique(inverse, counts)", (x) => x.unique({ returnInverse: true, returnCounts: true }), [[[3, 4]]], { dtypes: NUMERIC, grad: false, readsBack: true }),
  op("unique(NaN)", (x) => x.unique({ returnInverse: true, returnCounts: true }), [[fixed([1, NaN, 1, 0, NaN])]], { grad: false, readsBack: true }),
  op("unique(dim 1)", (x) => x.unique({ dim: 1, returnInverse: true, returnCounts: true }), [[fixed([1, 0, 1, 2, 3, 1, 3, 0], [2, 4])]], { dtypes: NUMERIC, grad: false, readsBack: true }),
  op("searchsorted", (s, v) => torch.searchsorted(s.sort().values, v), [[[5], [2, 3]], [[2, 4], [2, 3]], [[3], []]], { dtypes: NUMERIC, grad: false }),
  op("searchsorted(right, int32)", (s, v) => torch.searchsorted(s.sort().values, v, { right: true, outInt32: true }), [[[6], [4]]], { dtypes: NUMERIC, grad: false }),
  op("bucketize", (x, b) => x.bucketize(b.sort().values), [[[2, 3], [4]]], { dtypes: NUMERIC, grad: false }),
  op("bincount", (i) => i.bincount({ minlength: 3 }), [[index([7], 5)], [index([0], 5)]], { grad: false, readsBack: true }),
  op("bincount(weights)", (i, w) => i.bincount(w), [[index([7], 5), [7]]], { grad: false, readsBack: true }),
  op("histc", (x) => x.histc({ bins: 5, min: -1, max: 1 }), [[[3, 4]], [[0]]], { grad: false }),
  op("histc(data range)", (x) => x.histc(4), [[[10]]], { grad: false, readsBack: true }),
];
