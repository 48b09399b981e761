import { expect } from "vitest";
import * as torch from "@taimatsu/core";
import type { DType, Tensor } from "@taimatsu/core";
import "../src/index.js";

export { torch };
export type { DType, Tensor };

export const COMPUTE_DTYPES: DType[] = ["float32", "float64", "int32", "int64", "uint8", "bool"];
export const ALL_DTYPES: DType[] = [...COMPUTE_DTYPES, "float16", "bfloat16"];
export const isFloat = (d: DType) => d.startsWith("float") || d === "bfloat16";

/** Deterministic PRNG (mulberry32), so both backends see identical inputs. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 0.5, 1.5, 2.5, -2.5, -0.5, 1, -1, 3, 1e-30, 1e30];

/** Values typical for `dtype`; floats include NaN, infinities, signed zeros and halves. */
export function values(dtype: DType, n: number, seed: number, opts: { special?: boolean; positive?: boolean; small?: boolean } = {}): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    if (dtype === "bool") v = r() < 0.5 ? 0 : 1;
    else if (dtype === "uint8") v = Math.floor(r() * (opts.small ? 8 : 256));
    else if (dtype === "int32" || dtype === "int64") v = Math.floor((r() - 0.5) * (opts.small ? 10 : 200));
    else if (opts.special !== false && r() < 0.15) v = SPECIAL[Math.floor(r() * SPECIAL.length)]!;
    else v = (r() - 0.5) * 8;
    if (opts.positive && dtype !== "bool") v = Math.abs(v) + (Number.isInteger(v) ? 1 : 0);
    out[i] = v;
  }
  return out;
}

export type Layout = "contiguous" | "transposed" | "strided" | "offset" | "broadcast";
export const LAYOUTS: Layout[] = ["contiguous", "transposed", "strided", "offset", "broadcast"];

export interface InputSpec {
  shape: number[];
  dtype: DType;
  layout?: Layout;
  seed?: number;
  special?: boolean;
  positive?: boolean;
  small?: boolean;
}

const numel = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** A tensor of spec.shape on the active backend, laid out as spec.layout says. */
export function make(spec: InputSpec): Tensor {
  const { shape, dtype, layout = "contiguous", seed = 1 } = spec;
  const data = (s: number[]) => torch.tensor(values(dtype, numel(s), seed, spec), { dtype, shape: s });
  switch (layout) {
    case "contiguous":
      return data(shape);
    case "transposed": {
      const rev = [...shape].reverse();
      return data(rev).permute(rev.map((_, i) => rev.length - 1 - i));
    }
    case "strided": {
      if (shape.length === 0) return data(shape);
      const wide = [...shape.slice(0, -1), shape[shape.length - 1]! * 2];
      return data(wide).slice(-1, 0, null, 2);
    }
    case "offset": {
      if (shape.length === 0) return data([3]).select(0, 1);
      const big = [shape[0]! + 2, ...shape.slice(1)];
      return data(big).narrow(0, 1, shape[0]!);
    }
    case "broadcast": {
      // size-1 stored dims expanded: every other dim is broadcast
      const stored = shape.map((d, i) => (i % 2 === 0 ? 1 : d));
      return data(stored).expand(shape);
    }
  }
}

interface Result {
  shape: number[];
  dtype: DType;
  data: number[];
}

function snapshot(t: Tensor): Result {
  const host = t.dataSync();
  const data = host instanceof BigInt64Array ? Array.from(host, Number) : Array.from(host as ArrayLike<number>);
  return { shape: [...t.shape], dtype: t.dtype, data };
}

type Outcome = { ok: true; results: Result[]; backends: string[] } | { ok: false; error: unknown };

function run(backend: string, build: () => Tensor | Tensor[]): Outcome {
  try {
    return torch.backends.withBackend(backend, () => {
      const out = build();
      const list = Array.isArray(out) ? out : [out];
      return { ok: true as const, results: list.map(snapshot), backends: list.map((t) => t.storage.backend.name) };
    });
  } catch (error) {
    return { ok: false, error };
  }
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

function close(a: number, b: number, dtype: DType, tol: Tolerance): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!isFloat(dtype)) return a === b;
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const rtol = tol.rtol ?? (dtype === "float64" ? 1e-12 : dtype === "float32" ? 3e-6 : 1e-2);
  const atol = tol.atol ?? (dtype === "float64" ? 1e-12 : dtype === "float32" ? 1e-6 : 1e-3);
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Runs `build` under the reference backend and under cpu-native and expects
 * the same outcome: the same error-or-not, and the same shapes, dtypes and
 * values (floats within tolerance, NaN where NaN).
 */
export function agree(label: string, build: () => Tensor | Tensor[], tol: Tolerance = {}): void {
  const ref = run("reference", build);
  const nat = run("cpu-native", build);
  if (!ref.ok) {
    expect(nat.ok, `${label}: reference threw ${String(ref.error)} but cpu-native did not`).toBe(false);
    return;
  }
  if (!nat.ok) throw new Error(`${label}: cpu-native threw ${String(nat.error)}`);
  for (const b of ref.backends) expect(b).toBe("reference");
  for (const b of nat.backends) expect(b).toBe("cpu-native");
  expect(nat.results.length).toBe(ref.results.length);
  ref.results.forEach((r, k) => {
    const n = nat.results[k]!;
    expect(n.dtype, `${label}[${k}] dtype`).toBe(r.dtype);
    expect(n.shape, `${label}[${k}] shape`).toEqual(r.shape);
    for (let i = 0; i < r.data.length; i++) {
      if (!close(n.data[i]!, r.data[i]!, r.dtype, tol)) {
        throw new Error(`${label}[${k}] (${r.dtype} ${JSON.stringify(r.shape)}): element ${i} is ${n.data[i]} on cpu-native, ${r.data[i]} on reference`);
      }
    }
  });
}

/** Tolerances for fused ops against the reference (which accumulates in double). */
export const FUSED_TOL = { rtol: 2e-4, atol: 2e-5 };
/** float32 GEMMs accumulate in float32: long sums with cancellation need an absolute slack. */
export const CONV_TOL = { rtol: 2e-4, atol: 5e-4 };

/** Forward value plus the gradients of `inputs`, after backward of a fixed weighted sum of the output. */
export function withGrads(inputs: Tensor[], f: (...xs: Tensor[]) => Tensor): Tensor[] {
  for (const t of inputs) t.requiresGrad_(true);
  const y = f(...inputs);
  const w = torch.tensor(Float64Array.from({ length: y.numel() }, (_, i) => ((i * 7) % 5) - 2), { dtype: y.dtype, shape: [...y.shape] });
  y.mul(w).sum().backward();
  return [y.detach(), ...inputs.map((t) => t.grad!)];
}
