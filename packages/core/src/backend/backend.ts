import type { DType, HostArray } from "../dtype.js";
import type { FusedKernels } from "./fused.js";

/**
 * The contract between core and a backend. See docs/backends.md.
 *
 * A backend serves one device type with an allocator and a small set of
 * primitive kernels. Everything else in Taimatsu (every op, its gradient,
 * nn, optim) is written in core on top of these. A backend may add fused
 * kernels by op name purely for speed.
 */

/** Backend-owned memory. Core never looks inside. */
export type DeviceBuffer = object;

/**
 * A strided window on a buffer, in elements. Kernels read inputs through views
 * (so transposed, sliced and broadcast tensors need no copies) and write their
 * output through a view (so in-place ops on slices work).
 */
export interface View {
  readonly buffer: DeviceBuffer;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Device memory and host transfers. Every call names the device it serves by
 * its index (`cuda:1` is 1; 0 on backends with one device): buffers belong to
 * the device they were allocated on, and core passes that index back with
 * them. Backends with one device may ignore it.
 */
export interface Allocator {
  /** Memory for `numel` elements of `dtype` on device `device`, contents unspecified. */
  allocate(dtype: DType, numel: number, device: number): DeviceBuffer;
  /** Called once, when the last tensor using the buffer is gone. Queued kernels that use it still run. */
  free(buffer: DeviceBuffer, device: number): void;
  /** Copies host data into elements [offset, offset + data.length), in order with queued kernels. */
  write(buffer: DeviceBuffer, dtype: DType, data: HostArray, offset: number, device: number): void;
  /**
   * Reads `numel` elements from `offset` once every kernel queued before it has
   * run. Works on every backend. Rejects with the first deferred kernel error
   * (see `Backend.synchronize`).
   */
  read(buffer: DeviceBuffer, dtype: DType, offset: number, numel: number, device: number): Promise<HostArray>;
  /** Synchronous read, where the device allows it (CPU backends). Throws a deferred kernel error, if any. */
  readSync?(buffer: DeviceBuffer, dtype: DType, offset: number, numel: number, device: number): HostArray;
  /** Copies `numel` elements between buffers of the same dtype on one device. */
  copy(dst: DeviceBuffer, dstOffset: number, src: DeviceBuffer, srcOffset: number, numel: number, dtype: DType, device: number): void;
}

/** A backend's own view of its memory, for `torch.memory()`. */
export interface BackendMemory {
  /** Bytes held for live buffers (may exceed core's count: alignment, size classes). */
  allocatedBytes: number;
  /** Bytes of freed buffers kept for reuse; `torch.backends.emptyCache()` returns them. */
  cachedBytes: number;
}

export type UnaryOp =
  | "identity" // copy, with dtype conversion when out.dtype differs (this is `cast` and `contiguous`)
  | "neg" | "abs" | "sign" | "exp" | "log" | "sqrt" | "rsqrt" | "reciprocal"
  | "sin" | "cos" | "tanh" | "sigmoid" | "erf" | "floor" | "ceil" | "round" | "trunc"
  | "logicalNot" | "isnan";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "fmod" | "remainder" | "floorDivide" | "atan2"
  | "eq" | "ne" | "lt" | "le" | "gt" | "ge"
  | "logicalAnd" | "logicalOr" | "logicalXor"
  | "bitwiseAnd" | "bitwiseOr" | "bitwiseXor";

export type ReduceOp = "sum" | "prod" | "max" | "min";

/** Inclusive scans along one axis (cumsum, cumprod, cummax, cummin, logcumsumexp). */
export type ScanOp = "sum" | "prod" | "max" | "min" | "logsumexp";

/** Geometry shared by `unfold2d` (im2col) and `fold2d` (col2im). */
export interface Window2d {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

/**
 * The primitive set. Conventions:
 * - `out` views have the result's exact shape; inputs are already broadcast to it
 *   where the op is elementwise (broadcast dims have stride 0).
 * - Computation happens in the output's dtype except for comparisons and logic,
 *   which compute in the inputs' dtype and write bool.
 */
export interface PrimitiveKernels {
  unary(op: UnaryOp, out: View, a: View): void;
  binary(op: BinaryOp, out: View, a: View, b: View): void;
  where(out: View, cond: View, a: View, b: View): void;
  fill(out: View, value: number): void;
  /** out has a's shape with each reduced axis of size 1. */
  reduce(op: ReduceOp, out: View, a: View, axes: readonly number[]): void;
  /** Index (int64) of the first max/min along `axis`; out has size 1 at `axis`. NaN wins, as in PyTorch. */
  argReduce(op: "argmax" | "argmin", out: View, a: View, axis: number): void;
  /**
   * Inclusive scan along `axis`: out[..., i, ...] = op over a[..., 0..i, ...]; out has a's shape and
   * dtype (arithmetic in it). For max/min, `indices` (int64, a's shape) receives the position of the
   * running extreme: a later element equal to it takes over, and a NaN takes over and stays until the
   * next NaN. `indices` is null for the other ops.
   */
  scan(op: ScanOp, out: View, a: View, axis: number, indices: View | null): void;
  /**
   * Stable sort along `axis`: `values` (a's dtype) and `indices` (int64, the source positions), both of
   * a's shape. NaN sorts above every number (last ascending, first descending); equal elements keep
   * their order in either direction.
   */
  sort(values: View, indices: View, a: View, axis: number, descending: boolean): void;
  /** a: [...batch, M, K], b: [...batch, K, N] (batch dims broadcast), out: [...batch, M, N]. */
  matmul(out: View, a: View, b: View): void;
  /** out[i][j][k] = src[index[i][j][k]][j][k] (for dim 0), out and index share a shape. */
  gather(out: View, src: View, dim: number, index: View): void;
  /** out[index[i][j][k]][j][k] (=|+=) src[i][j][k] (for dim 0); updates out in place. */
  scatter(out: View, dim: number, index: View, src: View, mode: "assign" | "add"): void;
  /**
   * im2col: input [N, C, H, W] -> out [N, C, kH, kW, oH, oW], with padded
   * positions reading `padValue`.
   */
  unfold2d(out: View, input: View, window: Window2d, padValue: number): void;
  /** col2im, the adjoint of unfold2d: accumulates cols [N, C, kH, kW, oH, oW] into out [N, C, H, W] (zeroed first). */
  fold2d(out: View, cols: View, window: Window2d): void;
}

/** A fused kernel: gets the op's tensors and attributes, returns its outputs. */
export type FusedKernel = (...args: any[]) => any;

export interface Backend {
  /** Unique name, e.g. "reference", "cpu-native". */
  readonly name: string;
  /** The device type it serves: "cpu", "webgpu", "cuda". */
  readonly deviceType: string;
  /** Higher wins when several backends serve one device type. */
  readonly priority: number;
  readonly allocator: Allocator;
  readonly primitives: PrimitiveKernels;
  /** Optional fused kernels by op name (see docs/op-coverage.md for names and signatures). */
  readonly fused?: Partial<FusedKernels> & Readonly<Record<string, FusedKernel>>;
  /** dtypes the primitives compute in natively; others are computed in float32 by core. */
  readonly computeDTypes?: readonly DType[];
  /**
   * True when the backend range-checks indices itself: `gather` and `scatter`,
   * and the fused kernels that take indices (`nllLoss`, `crossEntropy` and
   * their backward kernels, skipping `ignoreIndex`), throw a `RangeError` for
   * an index outside its dimension instead of reading or writing out of
   * bounds. Core then skips the synchronous read-back it otherwise does to
   * check indices before such ops (gather, scatter, indexSelect, indexAdd,
   * embedding, nllLoss, crossEntropy), which costs a device-to-host copy per
   * call. Leave it unset unless every one of those kernels checks.
   */
  readonly checksIndexBounds?: boolean;
  /**
   * How many devices of its type the backend serves (`cuda:0` ... `cuda:n-1`).
   * When present, tensors on the backend carry an index (`t.device` is
   * `cuda:0` even when made on `"cuda"`) and indices past the count are
   * refused. When absent the device type has one, unindexed device, as "cpu".
   */
  deviceCount?(): number;
  /**
   * The dtypes the backend can store. Asking for another one (float64 on
   * WebGPU) raises a `DTypeError` naming the backend, instead of a wrong
   * result. Absent: every dtype.
   */
  readonly dtypes?: readonly DType[];
  /**
   * Resolves once every kernel queued so far on `device` (every device when
   * undefined) has run, and rejects with the first error a kernel recorded
   * instead of throwing (a deferred error; see docs/backends.md). Absent on
   * backends whose kernels run when called.
   */
  synchronize?(device?: number): Promise<void>;
  /** Returns cached, unused memory to the system (`torch.backends.emptyCache()`). */
  emptyCache?(): void;
  /** Intra-op threads (`torch.setNumThreads`, `torch.getNumThreads`); absent on backends without threads. */
  setNumThreads?(n: number): void;
  getNumThreads?(): number;
  /** Allocated and cached bytes as the backend counts them, per device index. */
  memory?(): Record<number, BackendMemory>;
  /** Bytes of live device memory that the backend wants the GC to know about. */
  adjustExternalMemory?(deltaBytes: number): void;
  /** Free-form facts for `torch.backends.info()`. */
  info?(): Record<string, unknown>;
}
