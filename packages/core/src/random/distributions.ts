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

/**
 * `n` uniforms in [0, 1) of `dtype` into `out` from `at`, as PyTorch draws them: 53 bits of two words for
 * float64, else the low mantissa bits of one word.
 */
function fillUnits(g: Generator, out: Float64Array, at: number, n: number, dtype: DType): void {
  const bits = uniformBits(dtype);
  if (bits === 53) {
    for (let i = at; i < at + n; i++) out[i] = g.random();
    return;
  }
  const mask = (1 << bits) - 1;
  const scale = 1 / 2 ** bits; // a power of two: multiplying is exact, as dividing is
  for (let i = at; i < at + n; i++) out[i] = (g.nextUint32() & mask) * scale;
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
  fillUnits(g, out, 0, n, dtype);
  // PyTorch's kernels are built with fused multiply-add: one rounding of x * span + from (exact in doubles here)
  for (let i = 0; i < n; i++) out[i] = f32(out[i]! * span + lo);
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
    fillUnits(g, out, 0, n, dtype);
    const pairs = single ? boxMuller16Single : boxMuller16Double;
    for (let i = 0; i + 16 <= n; i += 16) pairs(out, i, mean, std);
    if (n % 16 !== 0) {
      fillUnits(g, out, n - 16, 16, dtype);
      pairs(out, n - 16, mean, std);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = g.normal() * std + mean;
  return out;
}

/** Sixteen uniforms at `at` turned into sixteen normals in place, in float32 arithmetic (element j pairs with j + 8). */
function boxMuller16Single(data: Float64Array, at: number, mean: number, std: number): void {
  const twoPi = f32(2 * Math.PI);
  for (let j = at; j < at + 8; j++) {
    const u1 = f32(1 - data[j]!);
    const u2 = data[j + 8]!;
    const radius = f32(Math.sqrt(f32(-2 * f32(Math.log(u1)))));
    const theta = f32(twoPi * u2);
    data[j] = f32(f32(radius * f32(Math.cos(theta))) * std + mean);
    data[j + 8] = f32(f32(radius * f32(Math.sin(theta))) * std + mean);
  }
}

/** The same in double arithmetic, for float64 tensors. */
function boxMuller16Double(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[j]!));
    const theta = 2 * Math.PI * data[j + 8]!;
    data[j] = radius * Math.cos(theta) * std + mean;
    data[j + 8] = radius * Math.sin(theta) * std + mean;
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
