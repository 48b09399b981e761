import type { View } from "../../../backend/backend.js";
import { coercer, dataOf, offsets } from "../buffer.js";

export function where(out: View, cond: View, a: View, b: View): void {
  const c = dataOf(cond);
  const x = dataOf(a);
  const y = dataOf(b);
  const dst = dataOf(out);
  const store = coercer(out.dtype);
  const ci = offsets(cond);
  const ai = offsets(a);
  const bi = offsets(b);
  const oi = offsets(out);
  for (let i = 0; i < oi.length; i++) {
    const v = c[ci[i]!] ? x[ai[i]!]! : y[bi[i]!]!;
    dst[oi[i]!] = store ? store(v) : v;
  }
}
