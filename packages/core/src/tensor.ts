import type { View } from "./backend/backend.js";
import type { Device } from "./device.js";
import type { DType } from "./dtype.js";
import { checkViewGeometry, isContiguous, numel, type Shape } from "./shape.js";
import { tensorFinalizer, type Storage } from "./storage.js";
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
  /** @internal `grad` as stored: core reads it here without handing the gradient out (see `grad`). */
  gradValue: Tensor | null = null;
  /** @internal Whether `gradValue` was made by backward and has not been handed out since. */
  gradPrivate = false;
  /** The op that produced this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** Which output of `gradFn` this tensor is. */
  outputIndex = 0;
  /** @internal The `torch.scope` frame holding this tensor, or null outside every scope (see scope.ts). */
  scopeFrame: (Tensor | null)[] | null = null;
  /** @internal This tensor's index in `scopeFrame`. */
  scopeSlot = 0;
  private disposed = false;
  /** Whether the FinalizationRegistry will release the storage reference when this object is collected. */
  private collectable = false;
  private cachedView: View | null = null;

  constructor(
    readonly storage: Storage,
    readonly shape: Shape,
    readonly strides: readonly number[],
    readonly offset: number,
  ) {
    // every view is made here: a geometry reaching outside the storage never gets to a kernel
    checkViewGeometry("Tensor", shape, strides, offset, storage.numel);
    storage.retain();
    // a scope holds its tensors until it disposes them, so only tensors outside every scope need the collector
    if (!track(this)) this.releaseOnCollect();
  }

  /**
   * @internal Lets garbage collection release this tensor's storage reference.
   * Called when the tensor is created outside any scope, or leaves the last one
   * holding it. Registration is the costly part of creating a tensor, which is
   * why tensors that a scope disposes skip it.
   */
  releaseOnCollect(): void {
    if (this.collectable || this.disposed) return;
    this.collectable = true;
    tensorFinalizer.register(this, this.storage, this);
  }

  /**
   * Accumulated gradient (leaves, and non-leaves after `retainGrad()`).
   *
   * A gradient that backward made and that no code outside core has read is
   * freed the moment it is replaced or cleared (`zeroGrad()`), as PyTorch frees
   * it when its last reference goes, instead of waiting for garbage
   * collection: a training loop then reuses the same memory every step. Once
   * read here it is the reader's too, and lives until the collector (or a
   * scope) releases it.
   */
  get grad(): Tensor | null {
    this.gradPrivate = false;
    return this.gradValue;
  }

  set grad(g: Tensor | null) {
    this.setGrad(g, false);
  }

  /** @internal Stores `g` as the gradient; `isPrivate` when only this tensor refers to it. Frees the gradient it replaces if that one was private. */
  setGrad(g: Tensor | null, isPrivate: boolean): void {
    const old = this.gradValue;
    if (old !== g && old && this.gradPrivate) old.dispose();
    this.gradValue = g;
    this.gradPrivate = isPrivate;
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  get device(): Device {
    return this.storage.device;
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
    // everything in a view is fixed for the tensor's life, so one object serves every kernel call
    return (this.cachedView ??= { buffer: this.storage.buffer, dtype: this.dtype, shape: this.shape, strides: this.strides, offset: this.offset });
  }

  assertAlive(op: string): void {
    if (this.disposed) throw new Error(`${op}: tensor was disposed`);
  }

  /** Releases this tensor's hold on its storage now, instead of at garbage collection. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.collectable) tensorFinalizer.unregister(this);
    this.storage.release();
    this.grad = null;
    // gradFn stays: the graph through this tensor is still whole, so backward either reaches the
    // tensors before it or, if a gradient formula needed this tensor's values, says it was disposed
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
