import type { BinaryOp, View } from "../../../backend/backend.js";
import { coercer, dataOf, isDense, loader, offsets } from "../buffer.js";

const b = (v: boolean) => (v ? 1 : 0);

const BINARY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  // NaN propagates, as torch.maximum/minimum do
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  fmod: (x, y) => x % y,
  // Python-style modulo: the result takes the divisor's sign
  remainder: (x, y) => {
    const r = x % y;
    return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
  },
  floorDivide: (x, y) => Math.floor(x / y),
  atan2: Math.atan2,
  eq: (x, y) => b(x === y),
  ne: (x, y) => b(x !== y),
  lt: (x, y) => b(x < y),
  le: (x, y) => b(x <= y),
  gt: (x, y) => b(x > y),
  ge: (x, y) => b(x >= y),
  logicalAnd: (x, y) => b(x !== 0 && y !== 0),
  logicalOr: (x, y) => b(x !== 0 || y !== 0),
  logicalXor: (x, y) => b((x !== 0) !== (y !== 0)),
  bitwiseAnd: (x, y) => Number(BigInt(x) & BigInt(y)),
  bitwiseOr: (x, y) => Number(BigInt(x) | BigInt(y)),
  bitwiseXor: (x, y) => Number(BigInt(x) ^ BigInt(y)),
};

export function binary(op: BinaryOp, out: View, a: View, bv: View): void {
  const f = BINARY[op];
  const la = loader(a.dtype);
  const lb = loader(bv.dtype);
  const store = coercer(out.dtype);
  const x = dataOf(a);
  const y = dataOf(bv);
  const dst = dataOf(out);
  if (!la && !lb && isDense(a) && isDense(bv) && isDense(out)) {
    // the common case: no broadcasting, no strides
    const n = out.shape.reduce((p, d) => p * d, 1);
    for (let i = 0; i < n; i++) {
      const r = f(x[a.offset + i]!, y[bv.offset + i]!);
      dst[out.offset + i] = store ? store(r) : r;
    }
    return;
  }
  const ai = offsets(a);
  const bi = offsets(bv);
  const oi = offsets(out);
  for (let i = 0; i < oi.length; i++) {
    let u = x[ai[i]!]!;
    let v = y[bi[i]!]!;
    if (la) u = la(u);
    if (lb) v = lb(v);
    const r = f(u, v);
    dst[oi[i]!] = store ? store(r) : r;
  }
}
