import type { View } from "../../../backend/backend.js";
import { coercer, dataOf, offsets } from "../buffer.js";

export function scatter(out: View, dim: number, index: View, src: View, mode: "assign" | "add"): void {
  const s = dataOf(src);
  const idx = dataOf(index);
  const dst = dataOf(out);
  const store = coercer(out.dtype);
  const ii = offsets(index);
  const si = offsets({ shape: index.shape, strides: src.strides, offset: src.offset });
  const base = offsets({ shape: index.shape, strides: out.strides.map((st, d) => (d === dim ? 0 : st)), offset: out.offset });
  const step = out.strides[dim]!;
  for (let i = 0; i < ii.length; i++) {
    const o = base[i]! + idx[ii[i]!]! * step;
    const v = mode === "add" ? dst[o]! + s[si[i]!]! : s[si[i]!]!;
    dst[o] = store ? store(v) : v;
  }
}
