import { noGrad } from "../autograd/grad-mode.js";
import { isFloatingPoint } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { shapeToString } from "../shape.js";
import { Tensor } from "../tensor.js";
import { scalarLike, zerosLike } from "./creation.js";
import { emptyLike } from "./dispatch.js";
import { withTrustedIndices } from "./indexing.js";
import { installMethods } from "./methods.js";

/**
 * Counting ops: bincount (counts, or summed weights, of each non-negative integer) and histc
 * (counts in equal-width bins). Both scatter-add into the bins; bincount reads back the largest
 * value (the output's length depends on it) and histc reads back the data's range when it is
 * asked to use it, where PyTorch synchronises too.
 */

export interface BincountOptions {
  weights?: Tensor | null;
  minlength?: number;
}
export interface HistcOptions {
  bins?: number;
  min?: number;
  max?: number;
}

declare module "../tensor.js" {
  interface Tensor {
    bincount(options?: BincountOptions): Tensor;
    bincount(weights: Tensor | null, minlength?: number): Tensor;
    histc(options?: HistcOptions): Tensor;
    histc(bins: number, min?: number, max?: number): Tensor;
  }
}

export function bincount(input: Tensor, o: BincountOptions = {}): Tensor {
  const minlength = o.minlength ?? 0;
  if (!Number.isInteger(minlength) || minlength < 0) throw new RangeError(`bincount(): minlength should be >= 0, got ${minlength}`);
  if (input.ndim !== 1 || isFloatingPoint(input.dtype) || input.dtype === "bool") {
    throw new ShapeError(`bincount(): only supports 1-d non-negative integral inputs (got ${input.dtype} of shape ${shapeToString(input.shape)})`);
  }
  const w = o.weights ?? null;
  if (w && (w.ndim !== 1 || w.shape[0] !== input.shape[0])) {
    throw new ShapeError(`bincount(): weights should be 1-d and have the same length as input (input ${shapeToString(input.shape)}, weights ${shapeToString(w.shape)})`);
  }
  return noGrad(() => {
    const n = input.numel();
    const lo = n ? input.amin().item() : 0;
    if (lo < 0) throw new RangeError(`bincount(): only supports 1-d non-negative integral inputs (found ${lo})`);
    const size = Math.max(minlength, n ? input.amax().item() + 1 : 0);
    // PyTorch: float32 weights sum in float32, any other weights in float64, no weights count in int64
    const dtype = !w ? "int64" : w.dtype === "float32" ? "float32" : "float64";
    const src = w ? (w.dtype === dtype ? w : w.to(dtype)) : zerosLike(input, { dtype }).fill_(1);
    const bins = emptyLike(input, [size], dtype).fill_(0);
    const index = input.dtype === "int64" ? input : input.to("int64");
    // the range was just checked
    return withTrustedIndices(() => bins.scatterAdd(0, index, src));
  });
}

/** The [lo, hi] range of histc: the given one, else the data's; an empty range widens by 1 each side. */
function histRange(input: Tensor, min: number, max: number): [number, number] {
  let lo = min;
  let hi = max;
  if (lo === hi && input.numel() > 0) {
    lo = input.amin().item();
    hi = input.amax().item();
  }
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`histc(): range of [${lo}, ${hi}] is not finite`);
  if (lo > hi) throw new RangeError(`histc(): max must be larger than min (got min ${min}, max ${max})`);
  return [lo, hi];
}

export function histc(input: Tensor, o: HistcOptions = {}): Tensor {
  const bins = o.bins ?? 100;
  if (!Number.isInteger(bins) || bins <= 0) throw new RangeError(`histc(): bins must be > 0, but got ${bins}`);
  if (!isFloatingPoint(input.dtype)) throw new DTypeError(`histc(): "histogram_cpu" not implemented for '${input.dtype}'; convert the input to a floating dtype first`);
  return noGrad(() => {
    const [lo, hi] = histRange(input, o.min ?? 0, o.max ?? 0);
    const x = input.reshape([-1]);
    // PyTorch's position: (x - lo) / (hi - lo) * bins in the input dtype, truncated; x == hi goes in the last bin
    const scaled = x.sub(scalarLike(x, lo, x.dtype)).div(scalarLike(x, hi - lo, x.dtype)).mul(scalarLike(x, bins, x.dtype));
    // PyTorch 1.13 skips only elements below min or above max: a NaN passes that test and lands in bin 0
    const inside = x.lt(lo).logicalOr(x.gt(hi)).logicalNot();
    const index = scaled.where(inside.logicalAnd(x.isnan().logicalNot()), 0).trunc().clamp(0, bins - 1).to("int64");
    const ones = inside.to(input.dtype);
    return withTrustedIndices(() => emptyLike(x, [bins], input.dtype).fill_(0).scatterAdd(0, index, ones));
  });
}

/** `(weights, minlength)` positionally, as PyTorch allows, or one options object. */
export function bincountArgs(a?: Tensor | BincountOptions | null, minlength?: number): BincountOptions {
  return a instanceof Tensor || a === null ? { weights: a, minlength } : { ...a, ...(minlength !== undefined ? { minlength } : {}) };
}

/** `(bins, min, max)` positionally, as PyTorch allows, or one options object. */
export function histcArgs(a?: number | HistcOptions, min?: number, max?: number): HistcOptions {
  return typeof a === "number" || a === undefined ? { bins: a, min, max } : a;
}

installMethods({
  bincount(a?: Tensor | BincountOptions | null, minlength?: number) { return bincount(this, bincountArgs(a, minlength)); },
  histc(a?: number | HistcOptions, min?: number, max?: number) { return histc(this, histcArgs(a, min, max)); },
});
