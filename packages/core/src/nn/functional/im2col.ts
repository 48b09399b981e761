import type { Window2d } from "../../backend/backend.js";
import { record } from "../../autograd/record.js";
import { isReducedFloat } from "../../dtype.js";
import type { Tensor } from "../../tensor.js";
import { backendOf, castRaw, emptyLike } from "../../ops/dispatch.js";
import type { Pair } from "./window.js";

/**
 * The `unfold2d` (im2col) and `fold2d` (col2im) primitives as differentiable
 * ops on the 6-D column layout [N, C, kH, kW, oH, oW]. Each is the other's
 * adjoint, so each one's gradient is the other. Convolution, pooling and
 * F.unfold/F.fold are built on these two.
 */

/** Half-precision data goes through float32 on backends that cannot compute in it (padValue must survive). */
function computeIn(x: Tensor, run: (input: Tensor) => Tensor): Tensor {
  const { backend } = backendOf("unfold2d", [x]);
  if (!isReducedFloat(x.dtype) || (backend.computeDTypes ?? []).includes(x.dtype)) return run(x);
  return castRaw(run(castRaw(x, "float32")), x.dtype);
}

/**
 * Windows of `x` [N, C, H, W]: `outSize` windows per spatial dim, starting at
 * `i * stride - padding`. Reads outside the input give `padValue`, so asking
 * for more windows than fit pads the bottom/right edge implicitly.
 */
export function im2col(x: Tensor, window: Window2d, outSize: Pair, padValue = 0): Tensor {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const out = computeIn(x, (input) => {
    const cols = emptyLike(input, [N, C, window.kernel[0], window.kernel[1], outSize[0], outSize[1]]);
    input.storage.backend.primitives.unfold2d(cols.kernelView, input.kernelView, window, padValue);
    return cols;
  });
  return record("Im2ColBackward0", [x], out, ([g]) => [col2im(g!, [H, W], window)]);
}

/** Sums columns [N, C, kH, kW, oH, oW] back into an [N, C, H, W] image; entries that fall in the padding are dropped. */
export function col2im(cols: Tensor, size: Pair, window: Window2d): Tensor {
  const [N, C, , , oH, oW] = cols.shape as number[];
  const out = computeIn(cols, (input) => {
    const image = emptyLike(input, [N!, C!, size[0], size[1]]);
    input.storage.backend.primitives.fold2d(image.kernelView, input.kernelView, window);
    return image;
  });
  return record("Col2ImBackward0", [cols], out, ([g]) => [im2col(g!, window, [oH!, oW!])]);
}
