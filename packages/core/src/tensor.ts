import type { View } from "./backend/backend.js";
import { Device } from "./device.js";
import type { DType } from "./dtype.js";
import { isContiguous, numel, type Shape } from "./shape.js";
import { stats, tensorFinalizer, type Storage } from "./storage.js";
import type { Node } from "./autograd/node.js";
import { track } from "./scope.js";

/**
 * An n-dimensional array on a device: a strided view on a refcounted storage,
 * plus its autograd state. This file holds only the structure; ops add their
 * methods to the prototype from their own files (see ops/).
 */
export class Tensor {
  /** Whether gradients flow to this tensor. Set with `requiresGrad_()`. */
  requiresGrad = false;
  /** Accumulated gradient (leaves, and non-leaves after `retainGrad()`). */
  grad: Tensor | null = null;
  /** The op that produced this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** Which output of `gradFn` this tensor is. */
  outputIndex = 0;
  private disposed = false;

  constructor(
    readonly storage: Storage,
    readonly shape: Shape,
    readonly strides: readonly number[],
    readonly offset: number,
  ) {
    storage.retain();
    stats.add(storage.deviceKey, 1, 0);
    tensorFinalizer.register(this, storage, this);
    track(this);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  get device(): Device {
    return Device.parse(this.storage.deviceKey);
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** A leaf is a tensor not produced by a recorded op (PyTorch's `is_leaf`). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dim(): number {
    return this.shape.length;
  }

  numel(): number {
    return numel(this.shape);
  }

  /** `size()` is the shape; `size(d)` one dimension (negative counts from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    const d = dim < 0 ? dim + this.ndim : dim;
    if (d < 0 || d >= this.ndim) throw new RangeError(`size: dimension out of range (expected to be in range of [${-this.ndim}, ${this.ndim - 1}], but got ${dim})`);
    return this.shape[d]!;
  }

  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this.strides];
    const d = dim < 0 ? dim + this.ndim : dim;
    if (d < 0 || d >= this.ndim) throw new RangeError(`stride: dimension out of range (expected to be in range of [${-this.ndim}, ${this.ndim - 1}], but got ${dim})`);
    return this.strides[d]!;
  }

  storageOffset(): number {
    return this.offset;
  }

  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  elementSize(): number {
    return this.storage.nbytes / Math.max(this.storage.numel, 1);
  }

  /** The strided window kernels read and write. */
  get kernelView(): View {
    this.assertAlive("use");
    return { buffer: this.storage.buffer, dtype: this.dtype, shape: this.shape, strides: this.strides, offset: this.offset };
  }

  assertAlive(op: string): void {
    if (this.disposed) throw new Error(`${op}: tensor was disposed`);
  }

  /** Releases this tensor's hold on its storage now, instead of at garbage collection. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tensorFinalizer.unregister(this);
    stats.add(this.storage.deviceKey, -1, 0);
    this.storage.release();
    this.grad = null;
    this.gradFn = null;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
