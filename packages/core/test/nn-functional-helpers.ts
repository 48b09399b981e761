import { expect } from "vitest";
import * as torch from "../src/index.js";

/**
 * Shared test inputs: sin(i * scale + phase) over a row-major arange, which
 * the PyTorch scripts that produced the expected values build the same way
 * (`torch.arange(n, dtype=torch.float64).mul(scale).add(phase).sin().reshape(shape)`).
 */
export function seq(shape: number[], scale = 0.37, phase = 0, requiresGrad = false): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const t = torch.arange(0, n, 1, { dtype: "float64" }).mul(scale).add(phase).sin().reshape(shape).detach();
  return requiresGrad ? t.requiresGrad_() : t;
}

/** Elementwise |actual - expected| <= tol. */
export function expectClose(actual: torch.Tensor | number[], expected: number[], tol = 1e-6): void {
  const a = Array.isArray(actual) ? actual : actual.toArray();
  expect(a.length).toBe(expected.length);
  a.forEach((v, i) => {
    if (Math.abs(v - expected[i]!) > tol || Number.isNaN(v) !== Number.isNaN(expected[i]!)) {
      throw new Error(`element ${i}: got ${v}, expected ${expected[i]} (tol ${tol})`);
    }
  });
}
