import type { View } from "../../../backend/backend.js";
import { dataOf, loader, offsets } from "../buffer.js";

/** First index of the max (min) along `axis`; a NaN counts as the extreme. */
export function argReduce(op: "argmax" | "argmin", out: View, a: View, axis: number): void {
  const better = op === "argmax" ? (x: number, y: number) => x > y : (x: number, y: number) => x < y;
  const n = a.shape[axis]!;
  const step = a.strides[axis]!;
  const load = loader(a.dtype);
  const src = dataOf(a);
  const dst = dataOf(out);
  // iterate the output positions; each starts a walk along `axis` in the input
  const starts = offsets({ shape: out.shape, strides: a.strides, offset: a.offset });
  const oi = offsets(out);
  for (let i = 0; i < oi.length; i++) {
    let best = 0;
    let bestV = NaN;
    for (let k = 0, o = starts[i]!; k < n; k++, o += step) {
      let v = src[o]!;
      if (load) v = load(v);
      if (k === 0 || (!Number.isNaN(bestV) && (Number.isNaN(v) || better(v, bestV)))) {
        best = k;
        bestV = v;
      }
    }
    dst[oi[i]!] = best;
  }
}
