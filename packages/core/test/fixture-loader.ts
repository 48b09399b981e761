import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { fileURLToPath } from "node:url";
import * as torch from "../src/index.js";
import type { DType, Tensor } from "../src/index.js";

/**
 * Reading the PyTorch fixtures (written by fixtures/generate_ops.py): building
 * their input tensors, and comparing Taimatsu's results with PyTorch's.
 */

/** A tensor as the generator writes it: flat row-major values; non-finite floats as strings. */
export interface Encoded {
  dtype: DType;
  shape: number[];
  values: (number | string)[];
}

/** Non-contiguous views applied after creation; the same steps as `apply_transform` in fixtures/harness.py. */
export type TransformStep =
  | ["t"]
  | ["transpose", number, number]
  | ["permute", number[]]
  | ["slice", number, number | null, number | null, number | null]
  | ["expand", number[]]
  | ["select", number, number];

export interface FixtureInput extends Encoded {
  grad?: boolean;
  transform?: TransformStep[];
}

export interface FixtureCase {
  id: string;
  op: string;
  kwargs: Record<string, unknown>;
  inputs: FixtureInput[];
  outputs: Encoded[];
  /** Upstream gradient per output; null for outputs without one (integer outputs). */
  gradOutputs?: (Encoded | null)[];
  /** Gradient per input; null for inputs that do not require grad. */
  grads?: (Encoded | null)[];
  /** [rtol, atol] for outputs (and gradients unless gradTol is given), where the default is too tight. */
  tol?: [number, number];
  gradTol?: [number, number];
  /** "float64": the expected values are PyTorch's float64 result rounded back, where its float32 one is itself off. */
  reference?: "float64";
  note?: string;
}

export const FAMILIES = ["elementwise", "reduction", "matmul", "shape", "nn", "sorting", "selection", "products", "math", "linalg", "special"] as const;

export function loadFixtures(family: string): FixtureCase[] {
  const url = new URL(`./fixtures/${family}.json`, import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as { cases: FixtureCase[] }).cases;
}

function decodeNumber(v: number | string | boolean): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

/** Keyword arguments with "inf"/"-inf"/"nan" turned back into numbers; other strings ("same", "mean") stay. */
export function decodeKwargs(value: unknown): any {
  if (value === "inf" || value === "-inf" || value === "nan") return decodeNumber(value);
  if (Array.isArray(value)) return value.map(decodeKwargs);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeKwargs(v)]));
  return value;
}

export function makeTensor(e: Encoded, requiresGrad = false): Tensor {
  // float64 holds every value exactly (float32 ones were written from their exact doubles)
  return torch.tensor(Float64Array.from(e.values, decodeNumber), { dtype: e.dtype, shape: e.shape, requiresGrad });
}

export function applyTransform(t: Tensor, steps: readonly TransformStep[] = []): Tensor {
  for (const step of steps) {
    switch (step[0]) {
      case "t": t = t.t(); break;
      case "transpose": t = t.transpose(step[1], step[2]); break;
      case "permute": t = t.permute(step[1]); break;
      case "slice": t = t.slice(step[1], step[2], step[3], step[4] ?? 1); break;
      case "expand": t = t.expand(step[1]); break;
      case "select": t = t.select(step[1], step[2]); break;
    }
  }
  return t;
}

/** Default [rtol, atol]: float32 within a few ulp of PyTorch's result, float64 tighter; integers exact. */
export function defaultTolerance(dtype: DType): [number, number] {
  if (dtype === "float64") return [1e-10, 1e-12];
  if (dtype === "float32") return [1e-5, 1e-6];
  if (dtype === "float16" || dtype === "bfloat16") return [1e-2, 1e-3];
  return [0, 0];
}

/**
 * Throws a readable error when `actual` differs from `expected` in dtype,
 * shape, or any value beyond atol + rtol * |expected| (nan must match nan).
 */
export function assertClose(actual: Tensor, expected: Encoded, tol: [number, number] | undefined, what: string): void {
  if (actual.dtype !== expected.dtype) throw new Error(`${what}: dtype ${actual.dtype}, PyTorch ${expected.dtype}`);
  if (actual.shape.join() !== expected.shape.join() || actual.ndim !== expected.shape.length) {
    throw new Error(`${what}: shape [${actual.shape.join(", ")}], PyTorch [${expected.shape.join(", ")}]`);
  }
  const [rtol, atol] = tol ?? defaultTolerance(expected.dtype);
  const got = actual.toArray();
  const bad: string[] = [];
  let worst = 0;
  expected.values.forEach((raw, i) => {
    const want = decodeNumber(raw);
    const have = got[i]!;
    const ok = Number.isNaN(want) ? Number.isNaN(have) : have === want || Math.abs(have - want) <= atol + rtol * Math.abs(want);
    if (!ok) {
      worst = Math.max(worst, Number.isFinite(have - want) ? Math.abs(have - want) : Infinity);
      if (bad.length < 6) bad.push(`[${i}] ${have} vs ${want}`);
    }
  });
  if (bad.length) {
    throw new Error(`${what}: values differ (rtol ${rtol}, atol ${atol}, worst |diff| ${worst}); Taimatsu vs PyTorch: ${bad.join("; ")}`);
  }
}

/**
 * Runs one case through `run` (its inputs as tensors, after their transforms,
 * and its decoded kwargs) and checks the outputs, then the gradients of the
 * inputs that require grad for PyTorch's upstream gradients.
 */
export function replayCase(c: FixtureCase, run: (xs: Tensor[], kwargs: Record<string, any>) => Tensor | Iterable<Tensor>): void {
  const leaves = c.inputs.map((e) => makeTensor(e, !!e.grad));
  const args = leaves.map((t, i) => applyTransform(t, c.inputs[i]!.transform));
  const result = run(args, decodeKwargs(c.kwargs));
  const outs = result instanceof torch.Tensor ? [result] : Array.from(result);
  const note = c.note ? ` (${c.note})` : "";
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  outs.forEach((o, i) => assertClose(o, c.outputs[i]!, c.tol, `output ${i}${note}`));
  if (!c.grads || !c.gradOutputs) return;
  const live = outs.map((o, i) => [o, c.gradOutputs![i]] as const).filter(([, g]) => g);
  const wanted = leaves.filter((_, i) => c.inputs[i]!.grad);
  const grads = torch.autograd.grad(
    live.map(([o]) => o),
    wanted,
    { gradOutputs: live.map(([, g]) => makeTensor(g!)), allowUnused: true },
  );
  let k = 0;
  c.inputs.forEach((input, i) => {
    if (!input.grad) return;
    // an input the outputs do not depend on has a zero gradient (PyTorch's None)
    const g = grads[k++] ?? torch.zerosLike(leaves[i]!);
    assertClose(g, c.grads![i]!, c.gradTol ?? c.tol, `grad of input ${i}${note}`);
  });
}
