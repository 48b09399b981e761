import type { DType } from "../dtype.js";

/** `|actual - expected| <= atol + rtol * |expected|`, elementwise. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Forward tolerances by output dtype. Floats allow a couple of units in the
 * last place (backends may differ in summation order and libm); integers and
 * bools must match exactly.
 */
export const FORWARD_TOLERANCE: Readonly<Record<DType, Tolerance>> = {
  float64: { rtol: 1e-10, atol: 1e-12 },
  float32: { rtol: 1e-5, atol: 1e-6 },
  float16: { rtol: 2e-3, atol: 1e-3 },
  bfloat16: { rtol: 1.6e-2, atol: 1e-2 },
  int32: { rtol: 0, atol: 0 },
  int64: { rtol: 0, atol: 0 },
  uint8: { rtol: 0, atol: 0 },
  bool: { rtol: 0, atol: 0 },
};

/** Gradients go through several ops, each rounding once more. */
export const GRADIENT_TOLERANCE_FACTOR = 10;

/** Central differences in float64 (PyTorch's gradcheck defaults). */
export const FINITE_DIFFERENCE = { eps: 1e-6, atol: 1e-5, rtol: 1e-3 } as const;

export function scaled(t: Tolerance, factor: number): Tolerance {
  return { rtol: t.rtol * factor, atol: t.atol * factor };
}

export function toleranceFor(dtype: DType, factor = 1): Tolerance {
  return scaled(FORWARD_TOLERANCE[dtype], factor);
}
