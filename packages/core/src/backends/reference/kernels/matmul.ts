import type { View } from "../../../backend/backend.js";
import { RefBuffer, coercer, dataOf, loader, offsets } from "../buffer.js";

/** Half types are stored as bits: the product reads a decoded copy (rare enough not to need its own loop). */
function decoded(v: View): View {
  const load = loader(v.dtype);
  return load ? { ...v, buffer: new RefBuffer(Float64Array.from(dataOf(v), load)), dtype: "float64" } : v;
}

/** Batched matmul; the batch dims of a and b are already broadcast to out's. */
export function matmul(out: View, a: View, b: View): void {
  if (loader(a.dtype) || loader(b.dtype)) return matmul(out, decoded(a), decoded(b));
  const nd = out.shape.length;
  const M = out.shape[nd - 2]!;
  const N = out.shape[nd - 1]!;
  const K = a.shape[nd - 1]!;
  const batchShape = out.shape.slice(0, nd - 2);
  const batchOf = (v: View) => offsets({ shape: batchShape, strides: v.strides.slice(0, nd - 2), offset: v.offset });
  const ab = batchOf(a);
  const bb = batchOf(b);
  const ob = batchOf(out);
  const [sam, sak] = [a.strides[nd - 2]!, a.strides[nd - 1]!];
  const [sbk, sbn] = [b.strides[nd - 2]!, b.strides[nd - 1]!];
  const [som, son] = [out.strides[nd - 2]!, out.strides[nd - 1]!];
  const x = dataOf(a);
  const y = dataOf(b);
  const dst = dataOf(out);
  const store = coercer(out.dtype);
  const row = new Float64Array(N);
  for (let t = 0; t < ob.length; t++) {
    for (let i = 0; i < M; i++) {
      row.fill(0);
      const ai = ab[t]! + i * sam;
      for (let k = 0; k < K; k++) {
        const av = x[ai + k * sak]!;
        const bk = bb[t]! + k * sbk;
        for (let j = 0; j < N; j++) row[j]! += av * y[bk + j * sbn]!;
      }
      const oo = ob[t]! + i * som;
      for (let j = 0; j < N; j++) dst[oo + j * son] = store ? store(row[j]!) : row[j]!;
    }
  }
}
