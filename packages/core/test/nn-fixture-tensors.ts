import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import * as torch from "../src/index.js";
import type { DType, Tensor } from "../src/index.js";

/**
 * Reading the fixtures written by fixtures/generate_nn.py (nn modules,
 * optimizers, schedulers, safetensors): tensors are stored as
 * {"__tensor__": true, dtype, shape, values} with non-finite floats as strings.
 */

export interface EncodedTensor {
  __tensor__: true;
  dtype: DType;
  shape: number[];
  values: (number | string | boolean)[];
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8")) as T;
}

function decodeNumber(v: number | string | boolean): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

export function isEncoded(v: unknown): v is EncodedTensor {
  return !!v && typeof v === "object" && (v as { __tensor__?: unknown }).__tensor__ === true;
}

export function decode(e: EncodedTensor): Tensor {
  const values = e.values.map(decodeNumber);
  return torch.tensor(e.dtype === "bool" ? values.map((v) => v !== 0) : values, { dtype: e.dtype }).reshape(e.shape);
}

/** Replaces every encoded tensor inside a JSON value (options, state dicts) with a Tensor. */
export function revive<T = unknown>(value: unknown): T {
  if (isEncoded(value)) return decode(value) as T;
  if (Array.isArray(value)) return value.map((v) => revive(v)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)])) as T;
  return value as T;
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Same shape and values within tolerance; `label` names the case and quantity in failures. */
export function expectClose(actual: Tensor, expected: EncodedTensor | Tensor, label: string, tol: Tolerance = {}): void {
  const { rtol = 1e-7, atol = 1e-9 } = tol;
  const want = expected instanceof torch.Tensor ? expected : decode(expected);
  expect(actual.shape, `${label}: shape`).toEqual(want.shape);
  const a = actual.toArray();
  const b = want.toArray();
  for (let i = 0; i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(y)) {
      expect(Number.isNaN(x), `${label}[${i}]: expected NaN, got ${x}`).toBe(true);
      continue;
    }
    if (Math.abs(x - y) > atol + rtol * Math.abs(y)) {
      expect.fail(`${label}[${i}]: got ${x}, expected ${y} (|diff| ${Math.abs(x - y)} > ${atol} + ${rtol} * |expected|)`);
    }
  }
}
