import { DeviceError, DTypeError, ShapeError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { emptyLike, runFill } from "./dispatch.js";
import { withTrustedIndices } from "./indexing.js";

/**
 * `torch.nn.functional.one_hot`: int64 class indices to int64 one-hot rows,
 * a new last dim of size `numClasses` (-1 infers max + 1). Built by
 * scattering ones into zeros. Class values are checked on the host where the
 * backend reads synchronously; elsewhere (a GPU) `numClasses` must be given,
 * as inferring it needs the largest value on the host, and the scatter kernel
 * reports a class out of range at the next read or synchronize.
 */
export function oneHot(input: Tensor, numClasses = -1): Tensor {
  if (input.dtype !== "int64") throw new DTypeError(`oneHot: one_hot is only applicable to index tensor (int64), got ${input.dtype}`);
  if (!input.storage.backend.allocator.readSync) return oneHotOnDevice(input, numClasses);
  const values = input.toArray();
  const largest = values.reduce((m, v) => Math.max(m, v), -Infinity);
  if (numClasses === -1) {
    if (values.length === 0) throw new ShapeError("oneHot: Can not infer total number of classes from empty tensor.");
    numClasses = largest + 1;
  }
  if (values.some((v) => v < 0)) throw new RangeError("oneHot: Class values must be non-negative.");
  if (!Number.isInteger(numClasses) || numClasses < 0 || largest >= numClasses) {
    throw new RangeError(`oneHot: Class values must be smaller than num_classes (got num_classes=${numClasses}, largest class value ${largest}).`);
  }
  const out = runFill(emptyLike(input, [...input.shape, numClasses], "int64"), 0);
  if (values.length === 0 || numClasses === 0) return out;
  // the values were checked above
  return withTrustedIndices(() => out.scatter(-1, input.unsqueeze(-1), 1));
}

/** oneHot without reading `input` back: the classes are checked by the scatter kernel on the device. */
function oneHotOnDevice(input: Tensor, numClasses: number): Tensor {
  if (numClasses === -1) {
    throw new DeviceError(
      `oneHot: inferring num_classes reads the largest class back, which the ${input.storage.backend.name} backend (${input.device}) ` +
        "does only asynchronously; pass numClasses, e.g. oneHot(labels, 10)",
    );
  }
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new RangeError(`oneHot: num_classes should be a non-negative integer, got ${numClasses}`);
  const out = runFill(emptyLike(input, [...input.shape, numClasses], "int64"), 0);
  if (input.numel() === 0 || numClasses === 0) return out;
  return out.scatter(-1, input.unsqueeze(-1), 1);
}
