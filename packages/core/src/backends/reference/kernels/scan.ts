import type { ScanOp, View } from "../../../backend/backend.js";
import { coercer, dataOf, loader, offsets } from "../buffer.js";

/** log(exp(a) + exp(b)) without overflow; -inf + -inf stays -inf. */
function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  if (hi === -Infinity || hi === Infinity) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

const STEP: Record<"sum" | "prod" | "logsumexp", (acc: number, x: number) => number> = {
  sum: (acc, x) => acc + x,
  prod: (acc, x) => acc * x,
  logsumexp: logAddExp,
};

/** Inclusive scan along `axis`, accumulating in float64; max/min track the position of the running extreme. */
export function scan(op: ScanOp, out: View, a: View, axis: number, indices: View | null): void {
  const n = a.shape[axis]!;
  if (n === 0) return;
  const lineShape = a.shape.map((d, i) => (i === axis ? 1 : d));
  const aStarts = offsets({ shape: lineShape, strides: a.strides, offset: a.offset });
  const oStarts = offsets({ shape: lineShape, strides: out.strides, offset: out.offset });
  const iStarts = indices ? offsets({ shape: lineShape, strides: indices.strides, offset: indices.offset }) : null;
  const [as, os, is] = [a.strides[axis]!, out.strides[axis]!, indices?.strides[axis] ?? 0];
  const load = loader(a.dtype);
  const store = coercer(out.dtype);
  const src = dataOf(a);
  const dst = dataOf(out);
  const idx = indices ? dataOf(indices) : null;
  const extreme = op === "max" ? (x: number, best: number) => x >= best : (x: number, best: number) => x <= best;
  for (let line = 0; line < aStarts.length; line++) {
    let acc = NaN;
    let at = 0;
    for (let k = 0; k < n; k++) {
      let x = src[aStarts[line]! + k * as]!;
      if (load) x = load(x);
      if (op === "max" || op === "min") {
        if (k === 0 || Number.isNaN(x) || (!Number.isNaN(acc) && extreme(x, acc))) {
          acc = x;
          at = k;
        }
        idx![iStarts![line]! + k * is] = at;
      } else {
        acc = k === 0 ? x : STEP[op](acc, x);
      }
      dst[oStarts[line]! + k * os] = store ? store(acc) : acc;
    }
  }
}
