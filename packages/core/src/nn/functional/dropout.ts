import { DTypeError, ShapeError } from "../../errors.js";
import { isFloatingPoint } from "../../dtype.js";
import { empty, zeros } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import { checkOptions } from "../../options.js";

/**
 * Dropout: zeroes elements (or whole channels) with probability p and scales
 * the rest by 1 / (1 - p), drawing from the seedable default generator
 * (`torch.manualSeed`). A product with a constant mask, so autograd handles
 * the gradient.
 */

export interface DropoutOptions {
  p?: number;
  /** Off: return the input unchanged (evaluation). */
  training?: boolean;
}

/** Keep-mask of `shape` scaled by 1 / (1 - p): 0 with probability p. */
function scaledMask(like: Tensor, shape: readonly number[], p: number): Tensor {
  const options = { dtype: like.dtype, device: like.device };
  // p = 1 drops everything; 1 / (1 - p) would turn the zeros into NaN
  if (p === 1) return zeros(shape, options);
  // PyTorch's CPU dropout: an empty tensor filled by bernoulli_(1 - p), then divided by 1 - p
  return empty(shape, options).bernoulli_(1 - p).div_(1 - p);
}

/** The options, or a bare number as PyTorch's positional `p`; unknown keys and wrong types raise. */
function readOptions(op: string, options: DropoutOptions | number | undefined): Required<DropoutOptions> {
  const o = typeof options === "number" ? { p: options } : checkOptions<DropoutOptions>(op, options, { p: "number", training: "boolean" });
  return { p: o.p ?? 0.5, training: o.training ?? true };
}

function checkArgs(op: string, input: Tensor, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  if (!isFloatingPoint(input.dtype)) throw new DTypeError(`${op}: expected a floating point input, got ${input.dtype}`);
}

/** `F.dropout(input, {p = 0.5, training = true})`. */
export function dropout(input: Tensor, options?: DropoutOptions | number): Tensor {
  const { p, training } = readOptions("dropout", options);
  checkArgs("dropout", input, p);
  if (!training || p === 0) return input;
  return input.mul(scaledMask(input, input.shape, p));
}

/**
 * Channel-wise dropout: whole channels are zeroed. The input is (N, C, ...)
 * with `spatial` trailing dims, or unbatched (C, ...); the mask covers the
 * leading dims and broadcasts over the spatial ones.
 */
function featureDropout(op: string, input: Tensor, spatial: number, options: DropoutOptions | number | undefined): Tensor {
  const { p, training } = readOptions(op, options);
  checkArgs(op, input, p);
  if (input.ndim !== spatial + 1 && input.ndim !== spatial + 2) {
    throw new ShapeError(
      `${op}: Expected ${spatial + 1}D or ${spatial + 2}D input, but received a ${input.ndim}D input. Note that ${op} exists to provide channel-wise dropout on inputs with ${spatial} spatial dimension${spatial > 1 ? "s" : ""}, a channel dimension, and an optional batch dimension (i.e. ${spatial + 1}D or ${spatial + 2}D inputs).`,
    );
  }
  if (!training || p === 0) return input;
  const kept = input.ndim - spatial;
  const maskShape = input.shape.map((s, i) => (i < kept ? s : 1));
  return input.mul(scaledMask(input, maskShape, p));
}

/** `F.dropout1d`: input (N, C, L) or unbatched (C, L); zeroes whole channels. */
export function dropout1d(input: Tensor, options?: DropoutOptions | number): Tensor {
  return featureDropout("dropout1d", input, 1, options);
}

/** `F.dropout2d`: input (N, C, H, W) or unbatched (C, H, W); zeroes whole channels. */
export function dropout2d(input: Tensor, options?: DropoutOptions | number): Tensor {
  return featureDropout("dropout2d", input, 2, options);
}
