import {
  bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBFloat16Bits, float32ToFloat16Bits, isFloatingPoint, type DType,
} from "../dtype.js";
import type { Generator } from "../random/generator.js";

/**
 * Where an input's values are drawn from: uniform on [lo, hi], or with
 * `signed`, a magnitude in [lo, hi] with a random sign (divisors that must
 * stay away from zero). Integer dtypes draw the integers of the range.
 */
export interface Domain {
  lo: number;
  hi: number;
  signed?: boolean;
}

export const DEFAULT_DOMAIN: Domain = { lo: -2, hi: 2 };
/** Logarithms, square roots, bases of fractional powers. */
export const POSITIVE: Domain = { lo: 0.5, hi: 3 };
/** Divisors. */
export const NONZERO: Domain = { lo: 0.5, hi: 2.5, signed: true };

/**
 * The nearest value `dtype` holds. Inputs are rounded on the host first, so
 * the backend under test, the reference backend and the float64 oracle all
 * start from identical numbers.
 */
export function representable(v: number, dtype: DType): number {
  switch (dtype) {
    case "float64": return v;
    case "float32": return Math.fround(v);
    case "float16": return float16BitsToFloat32(float32ToFloat16Bits(v));
    case "bfloat16": return bfloat16BitsToFloat32(float32ToBFloat16Bits(v));
    case "bool": return v !== 0 ? 1 : 0;
    default: return Math.trunc(v);
  }
}

function drawOne(g: Generator, dtype: DType, d: Domain): number {
  if (dtype === "bool") return g.random() < 0.5 ? 1 : 0;
  const sign = d.signed && g.random() < 0.5 ? -1 : 1;
  if (isFloatingPoint(dtype)) return sign * representable(d.lo + (d.hi - d.lo) * g.random(), dtype);
  // unsigned bytes cannot hold the negative part of a range
  const lo = Math.ceil(dtype === "uint8" ? Math.max(d.lo, 0) : d.lo);
  const hi = Math.max(Math.floor(d.hi), lo);
  const v = g.integer(lo, hi + 1);
  return dtype === "uint8" ? v : sign * v;
}

/** `n` seeded values for `dtype` from `domain`, each exactly representable in `dtype`. */
export function drawValues(g: Generator, dtype: DType, n: number, domain: Domain = DEFAULT_DOMAIN): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = drawOne(g, dtype, domain);
  return out;
}

/** A stable 32-bit seed from a case's name, so each case draws the same inputs on every run and backend. */
export function seedFor(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("|")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
