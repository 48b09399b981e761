import type { DeviceLike } from "../../device.js";
import type { DType } from "../../dtype.js";
import { empty } from "../../ops/creation.js";
import type { Shape } from "../../shape.js";
import { Parameter } from "../parameter.js";

/** Where a layer creates its parameters (PyTorch's `device=`/`dtype=` factory arguments). */
export interface FactoryOptions {
  device?: DeviceLike;
  dtype?: DType;
}

/** Only the options that were given: creation functions treat an explicit `undefined` dtype differently from a missing one. */
export function factoryKwargs(options: FactoryOptions): FactoryOptions {
  return {
    ...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
    ...(options.device !== undefined ? { device: options.device } : {}),
  };
}

/** An uninitialised parameter; the layer's `resetParameters` fills it. */
export function emptyParameter(shape: Shape, options: FactoryOptions): Parameter {
  return new Parameter(empty(shape, factoryKwargs(options)));
}

/** Checks a layer's size argument is a positive integer (zero allowed where PyTorch allows it). */
export function checkSize(layer: string, name: string, value: number, allowZero = true): void {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new RangeError(`${layer}: ${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got ${value}`);
  }
}
