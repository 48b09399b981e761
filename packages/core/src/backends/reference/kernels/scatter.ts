import type { View } from "../../../backend/backend.js";
import { coercer, dataOf, loader, offsets } from "../buffer.js";

export function scatter(out: View, dim: number, index: View, src: View, mode: "assign" | "add"): void {
  const s = dataOf(src);
  const idx = dataOf(index);
  const dst = dataOf(out);
  // half types are stored as bits: decode before adding, and only encode what was computed
  const loadOut = loader(out.dtype);
  const loadSrc = loader(src.dtype);
  const store = coercer(out.dtype);
  const ii = offsets(index);
  const si = offsets({ shape: index.shape, strides: src.strides, offset: src.offset });
  const base = offsets({ shape: index.shape, strides: out.strides.map((st, d) => (d === dim ? 0 : st)), offset: out.offset });
  const step = out.strides[dim]!;
  for (let i = 0; i < ii.length; i++) {
    const o = base[i]! + idx[ii[i]!]! * step;
    const raw = s[si[i]!]!;
    if (mode === "assign" && out.dtype === src.dtype) {
      dst[o] = raw;
      continue;
    }
    const value = loadSrc ? loadSrc(raw) : raw;
    const v = mode === "add" ? (loadOut ? loadOut(dst[o]!) : dst[o]!) + value : value;
    dst[o] = store ? store(v) : v;
  }
}
