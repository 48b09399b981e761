import * as torch from "../../index.js";
import { ALL, BINARY_CASES, NUMERIC, constant, fixed, op, type OpSpec } from "../op-spec.js";

const PROBABILITY = { lo: 0.05, hi: 0.95 };

/** Pointwise and reduction math composed from primitives. */
export const MATH_OPS: readonly OpSpec[] = [
  op("lerp(0.25)", (a, b) => a.lerp(b, 0.25), [[[2, 3], [2, 3]], [[2, 3], [3]]]),
  op("lerp(tensor weight)", (a, b, w) => a.lerp(b, w), [[[2, 3], [2, 3], [2, 3]], [[2, 3], [3], [2, 1]]]),
  op("logit", (x) => x.logit(), [[[2, 3]], [[]]], { domain: PROBABILITY }),
  op("logit(eps)", (x) => x.logit(0.1), [[[2, 3]]], { domain: { lo: 0.15, hi: 0.85 } }),
  op("logaddexp", (a, b) => a.logaddexp(b), BINARY_CASES),
  op("hypot", (a, b) => a.hypot(b), BINARY_CASES.slice(0, 3)),
  op("hypot(extremes)", (a, b) => a.hypot(b), [[fixed([3e30, Infinity, NaN]), fixed([4e30, NaN, 1.5])]], { grad: false }),
  op("nansum(1)", (x) => x.nansum(1), [[[2, 3]]], { dtypes: NUMERIC }),
  op("nansum(1, NaN)", (x) => x.nansum(1), [[fixed([1.5, NaN, 2.5, NaN], [2, 2])]]),
  op("nanmean()", (x) => x.nanmean(), [[[2, 3]], [fixed([1.5, NaN, 2.5])]]),
  op("countNonzero", (x) => x.countNonzero(), [[[2, 3]], [[]]], { dtypes: ALL, grad: false }),
  op("countNonzero([0, 2])", (x) => x.countNonzero([0, 2]), [[[2, 3, 4]]], { dtypes: ALL, grad: false }),
  op("quantile(0.3, 1)", (x) => x.quantile(0.3, 1), [[[3, 5]], [[4, 1]]]),
  op("quantile(tensor q, keepdim)", (x, q) => x.quantile(q.sort().values.sigmoid(), { dim: 0, keepdim: true }), [[[4, 3], constant([3])]]),
  op("quantile(nearest)", (x) => torch.quantile(x, 0.6, null, { interpolation: "nearest" }), [[[2, 5]]]),
  op("erfinv", (x) => x.erfinv(), [[[2, 3]], [[]], [[0, 2]]], { domain: { lo: -0.9, hi: 0.9 } }),
  op("erfinv(edges)", (x) => x.erfinv(), [[fixed([-1, 1, 0, 1.5, NaN])]], { grad: false }),
  op("lgamma", (x) => torch.lgamma(x), [[[2, 3]], [[]]], { domain: { lo: 0.2, hi: 6 } }),
  op("lgamma(edges)", (x) => torch.lgamma(x), [[fixed([0, -1, -2.5, Infinity, -Infinity, NaN, 30.5])]], { grad: false }),
  op("lgamma(negative)", (x) => x.lgamma(), [[[2, 3]]], { domain: { lo: -2.8, hi: -2.2 } }),
  op("digamma", (x) => x.digamma(), [[[2, 3]], [[]]], { domain: { lo: 0.2, hi: 6 } }),
  op("digamma(edges)", (x) => x.digamma(), [[fixed([0, -1, Infinity, -Infinity, NaN, -0.5])]], { grad: false }),
  op("polygamma(1)", (x) => x.polygamma(1), [[[2, 3]], [fixed([0, -0.5, Infinity, NaN])]], { domain: { lo: 0.2, hi: 6 }, grad: false }),
  op("bernoulli", (p) => torch.bernoulli(p, { generator: new torch.Generator().manualSeed(3) }), [[[4, 5]], [[]], [[0, 2]]], { domain: PROBABILITY, grad: false, oracle: false }),
  op("normal", (m, s) => torch.normal(m, s.abs(), { generator: new torch.Generator().manualSeed(5) }), [[[2, 3], [2, 3]], [[20], [1]]], { dtypes: ["float32", "float64"], grad: false, oracle: false }),
  op("nanquantile(0.5, 1)", (x) => x.nanquantile(0.5, 1), [[[3, 4]], [fixed([1, NaN, 3, 4, NaN, NaN], [2, 3])]], { grad: false }),
];
