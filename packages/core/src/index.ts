/**
 * @taimatsu/core: `import * as torch from "@taimatsu/core"`.
 * Tensors, autograd and the backend registry; the reference backend serves
 * "cpu" until a faster backend package is imported.
 */
import "./single-copy.js";
import { registerBackend } from "./backend/registry.js";
import { referenceBackend } from "./backends/reference/index.js";

// Ops install their Tensor methods on import; order does not matter.
import "./ops/views.js";
import "./ops/binary.js";
import "./ops/unary.js";
import "./ops/inplace.js";
import "./ops/reduction.js";
import "./ops/indexing.js";
import "./ops/conversion.js";
import "./ops/readback.js";
import "./ops/matmul.js";
import "./ops/softmax.js";
import "./ops/activation.js";
import "./ops/cat.js";
import "./ops/split.js";
import "./ops/flip.js";
import "./ops/repeat.js";
import "./ops/index-select.js";
import "./ops/subscript.js";
import "./ops/isclose.js";
import "./ops/scan.js";
import "./ops/sort.js";
import "./ops/unique.js";
import "./ops/search.js";
import "./ops/histogram.js";
import "./ops/selection.js";
import "./ops/diagonal.js";
import "./ops/roll.js";
import "./ops/products.js";
import "./ops/einsum.js";
import "./ops/math.js";
import "./ops/special.js";
import "./ops/sampling.js";
import "./linalg/methods.js";

registerBackend(referenceBackend);

export { version } from "./version.js";
export { Tensor } from "./tensor.js";
export { Device, device, type DeviceLike } from "./device.js";
export type { DType, HostArray } from "./dtype.js";
export { promoteTypes, resultType, itemSize, isFloatingPoint } from "./dtype.js";
export * from "./errors.js";
export type { Shape } from "./shape.js";
export { broadcastShapes } from "./shape.js";
export {
  tensor, zeros, ones, full, empty, zerosLike, onesLike, fullLike, emptyLikeTensor as emptyLike,
  arange, linspace, eye, rand, randn, randint, randperm, randLike, randnLike, randintLike,
  setDefaultDType, getDefaultDType,
  type TensorOptions, type RandomOptions, type TensorData, type NestedArray,
} from "./ops/creation.js";
export { slice, type SliceSpec, type IndexSpec, type IndexList } from "./ops/index-spec.js";
export { where } from "./ops/selection.js";
export { matmul } from "./ops/matmul.js";
export { softmax, logSoftmax } from "./ops/softmax.js";
export type { TensorLike } from "./ops/operands.js";
export type { ReduceOptions, VarOptions, ValuesIndices } from "./ops/reduction.js";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from "./autograd/grad-mode.js";
export * as autograd from "./autograd/index.js";
export { Generator, manualSeed, seed, initialSeed, defaultGenerator } from "./random/generator.js";
export { memory, type MemoryReport } from "./storage.js";
export { scope, keep } from "./scope.js";
export { setDefaultDevice, getDefaultDevice } from "./backend/registry.js";
export { setNumThreads, getNumThreads } from "./backend/threads.js";
export * as backends from "./backend/index.js";
export * from "./ops/activation.js";
export * from "./ops/functional.js";
export { pad, type PadMode, type PadOptions } from "./ops/pad.js";
export { oneHot } from "./ops/one-hot.js";
export { erfinv, lgamma, digamma, polygamma } from "./ops/special.js";
export { bernoulli, normal, type SampleOptions, type NormalOptions } from "./ops/sampling.js";
export * as linalg from "./linalg/index.js";
export { inverse, det, logdet, slogdet, cholesky } from "./linalg/methods.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * from "./serialization/index.js";
export * as utils from "./utils/index.js";
