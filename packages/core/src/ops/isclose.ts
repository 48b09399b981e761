import { isFloatingPoint } from "../dtype.js";
import { DeviceError, DTypeError } from "../errors.js";
import { getDefaultDType } from "./creation.js";
import { installMethods } from "./methods.js";
import type { Tensor } from "../tensor.js";

/**
 * Closeness and equality tests: isclose (elementwise, broadcasting), allclose
 * (all elements close) and equal (same shape and the same values).
 */

export interface CloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Count NaN as equal to NaN (default false). */
  equalNan?: boolean;
}

declare module "../tensor.js" {
  interface Tensor {
    isclose(other: Tensor, options?: CloseOptions): Tensor;
    allclose(other: Tensor, options?: CloseOptions): boolean;
    equal(other: Tensor): boolean;
  }
}

/** |input - other| <= atol + rtol * |other|, or exactly equal (so equal infinities are close). */
export function isclose(input: Tensor, other: Tensor, options: CloseOptions = {}): Tensor {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  if (input.dtype !== other.dtype) throw new DTypeError(`isclose: ${input.dtype} did not match ${other.dtype} (both tensors must have the same dtype)`);
  if (rtol < 0) throw new RangeError(`isclose: rtol must be greater than or equal to zero, but got ${rtol}`);
  if (atol < 0) throw new RangeError(`isclose: atol must be greater than or equal to zero, but got ${atol}`);
  let close = input.eq(other);
  if (equalNan && isFloatingPoint(input.dtype)) close = close.logicalOr(input.isnan().logicalAnd(other.isnan()));
  if (rtol === 0 && atol === 0) return close;
  // bool has no subtraction and uint8 subtraction wraps (2 - 3 = 255): compare their values as numbers
  const widen = input.dtype === "bool" || input.dtype === "uint8";
  const [a, b] = widen ? [input.to(getDefaultDType()), other.to(getDefaultDType())] : [input, other];
  const error = a.sub(b).abs();
  const allowed = b.mul(rtol).abs().add(atol);
  return close.logicalOr(error.isfinite().logicalAnd(error.le(allowed)));
}

export function allclose(input: Tensor, other: Tensor, options: CloseOptions = {}): boolean {
  return hostBool("allclose", isclose(input, other, options).all(), "torch.isclose(a, b).all()");
}

/** A bool tensor's value, for ops whose answer PyTorch gives as a host bool. */
function hostBool(op: string, t: Tensor, onDevice: string): boolean {
  if (!t.storage.backend.allocator.readSync) {
    throw new DeviceError(
      `${op}: the answer is a host boolean, which the ${t.storage.backend.name} backend (${t.device}) reads only asynchronously; ` +
        `use await ${onDevice}.itemAsync() instead`,
    );
  }
  return t.item() !== 0;
}

/** True when both have the same shape and the same values (NaN is never equal). */
export function equal(input: Tensor, other: Tensor): boolean {
  if (input.shape.length !== other.shape.length || input.shape.some((s, i) => s !== other.shape[i])) return false;
  return hostBool("equal", input.eq(other).all(), "a.eq(b).all()");
}

installMethods({
  isclose(other: Tensor, options?: CloseOptions) { return isclose(this, other, options); },
  allclose(other: Tensor, options?: CloseOptions) { return allclose(this, other, options); },
  equal(other: Tensor) { return equal(this, other); },
});
