import type { UnaryOp, View } from "../../../backend/backend.js";
import { coercer, dataOf, isDense, loader, offsets } from "../buffer.js";
import { erf } from "../math.js";

const UNARY: Record<UnaryOp, (x: number) => number> = {
  identity: (x) => x,
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  // round half to even, like torch.round
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  trunc: Math.trunc,
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
};

export function unary(op: UnaryOp, out: View, a: View): void {
  const f = UNARY[op];
  const load = loader(a.dtype);
  const store = coercer(out.dtype);
  const src = dataOf(a);
  const dst = dataOf(out);
  if (!load && isDense(a) && isDense(out)) {
    const n = out.shape.reduce((p, d) => p * d, 1);
    for (let i = 0; i < n; i++) {
      const v = f(src[a.offset + i]!);
      dst[out.offset + i] = store ? store(v) : v;
    }
    return;
  }
  const ai = offsets(a);
  const oi = offsets(out);
  for (let i = 0; i < oi.length; i++) {
    let v = src[ai[i]!]!;
    if (load) v = load(v);
    v = f(v);
    dst[oi[i]!] = store ? store(v) : v;
  }
}
