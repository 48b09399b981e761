/**
 * Interpolation modes (torchvision's `InterpolationMode`). Tensors and
 * images support nearest and bilinear.
 */
export type InterpolationMode = "nearest" | "bilinear";

export function checkInterpolation(op: string, mode: string): InterpolationMode {
  if (mode !== "nearest" && mode !== "bilinear") {
    throw new RangeError(`${op}: interpolation ${mode} is not supported; use "nearest" or "bilinear"`);
  }
  return mode;
}
