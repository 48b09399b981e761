import type { DType } from "../dtype.js";
import type { Generator } from "./generator.js";

/**
 * PyTorch's CPU sampling algorithms over a `Generator`, value for value: the
 * same words drawn in the same order and turned into numbers with the same
 * arithmetic (float32 results computed in float32), so a seed gives
 * PyTorch's tensors. Each returns the values in row-major order as doubles;
 * the caller stores them in the tensor's dtype.
 */

const f32 = Math.fround;

/** Mantissa bits PyTorch takes from a random word for a uniform of each floating dtype. */
function uniformBits(dtype: DType): number {
  return dtype === "float64" ? 53 : dtype === "float16" ? 11 : dtype === "bfloat16" ? 8 : 24;
}

/** One uniform in [0, 1) as PyTorch draws it for `dtype`: 53 bits of two words for float64, else the low bits of one word. */
function unit(g: Generator, dtype: DType): number {
  const bits = uniformBits(dtype);
  if (bits === 53) return g.random();
  return (g.nextUint32() & ((1 << bits) - 1)) / 2 ** bits;
}

/** `uniform_(from, to)` / `rand`: `x * (to - from) + from`, in float32 below float64. */
export function uniformValues(g: Generator, n: number, from: number, to: number, dtype: DType): Float64Array {
  const out = new Float64Array(n);
  if (dtype === "float64") {
    for (let i = 0; i < n; i++) out[i] = g.random() * (to - from) + from;
    return out;
  }
  const lo = f32(from);
  const span = f32(f32(to) - lo);
  // PyTorch's kernels are built with fused multiply-add: one rounding of x * span + from (exact in doubles here)
  for (let i = 0; i < n; i++) out[i] = f32(unit(g, dtype) * span + lo);
  return out;
}

/**
 * `normal_(mean, std)` / `randn`. PyTorch fills a contiguous tensor of 16 or
 * more elements in blocks of 16 (uniforms first, then Box-Muller pairing
 * element j with j + 8, the last block redrawn when the size is not a
 * multiple of 16); anything else draws scalar normals, which come in pairs
 * through the generator's kept value.
 */
export function normalValues(g: Generator, n: number, mean: number, std: number, dtype: DType, contiguous = true): Float64Array {
  const out = new Float64Array(n);
  if (n >= 16 && contiguous) {
    const single = dtype !== "float64";
    for (let i = 0; i < n; i++) out[i] = unit(g, dtype);
    for (let i = 0; i + 16 <= n; i += 16) boxMuller16(out, i, mean, std, single);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = unit(g, dtype);
      boxMuller16(out, n - 16, mean, std, single);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = g.normal() * std + mean;
  return out;
}

/** Sixteen uniforms at `at` turned into sixteen normals in place, in float32 arithmetic when `single`. */
function boxMuller16(data: Float64Array, at: number, mean: number, std: number, single: boolean): void {
  const r = single ? f32 : (v: number) => v;
  const twoPi = r(2 * Math.PI);
  for (let j = at; j < at + 8; j++) {
    const u1 = r(1 - data[j]!);
    const u2 = data[j + 8]!;
    const radius = r(Math.sqrt(r(-2 * r(Math.log(u1)))));
    const theta = r(twoPi * u2);
    data[j] = r(r(radius * r(Math.cos(theta))) * std + mean);
    data[j + 8] = r(r(radius * r(Math.sin(theta))) * std + mean);
  }
}

/** `bernoulli_(p)` with a scalar p, and dropout's keep mask: 1 where a double uniform is below p. */
export function bernoulliValues(g: Generator, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = g.random() < p ? 1 : 0;
  return out;
}

/** `randint(low, high)`: each word modulo the range, plus low. */
export function randintValues(g: Generator, n: number, low: number, high: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = g.integer(low, high);
  return out;
}

/** `randperm(n)`: 0..n-1 shuffled front to back, position i swapped with one drawn from [i, n). */
export function permutationValues(g: Generator, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = i + (n - i < 4294967296 ? g.nextUint32() % (n - i) : Number(g.nextUint64() % BigInt(n - i)));
    [out[i], out[z]] = [out[z]!, out[i]!];
  }
  return out;
}
