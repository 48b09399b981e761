import type { ReduceOp, View } from "../../../backend/backend.js";
import { contiguousStrides } from "../../../shape.js";
import { coercer, dataOf, loader, offsets } from "../buffer.js";

const INIT: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };
const STEP: Record<ReduceOp, (acc: number, x: number) => number> = {
  sum: (acc, x) => acc + x,
  prod: (acc, x) => acc * x,
  max: (acc, x) => (Number.isNaN(acc) ? acc : x > acc || Number.isNaN(x) ? x : acc),
  min: (acc, x) => (Number.isNaN(acc) ? acc : x < acc || Number.isNaN(x) ? x : acc),
};

/** Accumulates in float64, then stores in the output dtype. */
export function reduce(op: ReduceOp, out: View, a: View, axes: readonly number[]): void {
  const outShape = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  // position of each input element in the (contiguous) accumulator: reduced axes get stride 0
  const accStrides = contiguousStrides(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
  let accSize = 1;
  for (const d of outShape) accSize *= d;
  const acc = new Float64Array(accSize).fill(INIT[op]);
  const step = STEP[op];
  const load = loader(a.dtype);
  const src = dataOf(a);
  const ai = offsets(a);
  const ti = offsets({ shape: a.shape, strides: accStrides, offset: 0 });
  for (let i = 0; i < ai.length; i++) {
    let v = src[ai[i]!]!;
    if (load) v = load(v);
    const t = ti[i]!;
    acc[t] = step(acc[t]!, v);
  }
  const store = coercer(out.dtype);
  const dst = dataOf(out);
  const oi = offsets(out);
  for (let i = 0; i < oi.length; i++) dst[oi[i]!] = store ? store(acc[i]!) : acc[i]!;
}
