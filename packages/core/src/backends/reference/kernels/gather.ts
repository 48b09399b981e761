import type { View } from "../../../backend/backend.js";
import { coercer, dataOf, loader, offsets } from "../buffer.js";

/** Walks index positions; each picks the element of src at that index along `dim`. */
export function gather(out: View, src: View, dim: number, index: View): void {
  const s = dataOf(src);
  const idx = dataOf(index);
  const dst = dataOf(out);
  // with equal dtypes stored values (half types: their bits) copy across unconverted
  const same = out.dtype === src.dtype;
  const load = same ? null : loader(src.dtype);
  const store = same ? null : coercer(out.dtype);
  const ii = offsets(index);
  const oi = offsets(out);
  // src offsets of index's positions with `dim` zeroed; the index value supplies that coordinate
  const base = offsets({ shape: index.shape, strides: src.strides.map((st, d) => (d === dim ? 0 : st)), offset: src.offset });
  const step = src.strides[dim]!;
  for (let i = 0; i < oi.length; i++) {
    const raw = s[base[i]! + idx[ii[i]!]! * step]!;
    const v = load ? load(raw) : raw;
    dst[oi[i]!] = store ? store(v) : v;
  }
}
