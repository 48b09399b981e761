/**
 * Storages read from a PyTorch checkpoint. A storage becomes a 1-D CPU tensor
 * (`base`) that every tensor pickled over it views, so tensors that shared a
 * storage in PyTorch (views, tied weights) share one in Taimatsu too. Storages
 * saved on "cuda:N" (or any other device) load on the CPU.
 */
import { hostArray, itemSize, type DType, type HostArray } from "../../dtype.js";
import { emptyOn, resolveDevice } from "../../ops/dispatch.js";
import { Tensor } from "../../tensor.js";

/** A `torch.<Type>Storage` class named in a checkpoint: which dtype its bytes hold. */
export class StorageType {
  constructor(
    readonly qualifiedName: string,
    readonly dtype: DType,
  ) {}
}

/** PyTorch's storage classes that have a Taimatsu dtype. */
export const STORAGE_DTYPES: Readonly<Record<string, DType>> = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  LongStorage: "int64",
  IntStorage: "int32",
  ByteStorage: "uint8",
  BoolStorage: "bool",
  UntypedStorage: "uint8", // raw bytes, as PyTorch reads them
};

/** PyTorch's storage classes without a Taimatsu dtype, so the error can say what they hold. */
export const UNSUPPORTED_STORAGES: Readonly<Record<string, string>> = {
  ShortStorage: "int16",
  CharStorage: "int8",
  ComplexFloatStorage: "complex64",
  ComplexDoubleStorage: "complex128",
  QUInt8Storage: "quint8",
  QInt8Storage: "qint8",
  QInt32Storage: "qint32",
  QUInt4x2Storage: "quint4x2",
  QUInt2x4Storage: "quint2x4",
};

export class CheckpointStorage {
  private filled = false;

  private constructor(
    /** The storage's key in the checkpoint (its record name, or its legacy id). */
    readonly key: string,
    readonly dtype: DType,
    /** Elements in this storage (a legacy storage view covers part of its root). */
    readonly numel: number,
    /** A 1-D tensor over the whole root storage. */
    readonly base: Tensor,
    /** Where this storage starts in its root, in elements. */
    readonly offset: number,
    private readonly root?: CheckpointStorage,
  ) {}

  /** Storage for `numel` elements, filled later with `fill` (legacy files put the bytes after the pickle). */
  static allocate(key: string, dtype: DType, numel: number): CheckpointStorage {
    const { backend, device } = resolveDevice("cpu");
    return new CheckpointStorage(key, dtype, numel, emptyOn(backend, device, [numel], dtype), 0);
  }

  /** A legacy storage view: `numel` elements of this storage from `offset`. */
  view(key: string, offset: number, numel: number): CheckpointStorage {
    return new CheckpointStorage(key, this.dtype, numel, this.base, this.offset + offset, this.root ?? this);
  }

  /**
   * The storage as a 1-D tensor over its elements: what a storage pickled on
   * its own (`torch.save(t.storage())`) loads as, sharing memory with
   * the tensors over it.
   */
  asTensor(): Tensor {
    if (this.offset === 0 && this.numel === this.base.numel()) return this.base;
    return new Tensor(this.base.storage, [this.numel], [1], this.offset);
  }

  get isFilled(): boolean {
    return (this.root ?? this).filled;
  }

  /** Copies the storage's raw bytes in. */
  fill(bytes: Uint8Array, littleEndian: boolean): void {
    const data = hostArrayFromBytes(bytes, this.dtype, littleEndian);
    const storage = this.base.storage;
    if (data.length > 0) storage.backend.allocator.write(storage.buffer, this.dtype, data, this.offset, storage.deviceIndex);
    (this.root ?? this).filled = true;
  }
}

/** For `toJs`: bare storages in the loaded object become tensors (see `asTensor`). */
export function storagesAsTensors(value: object): unknown {
  return value instanceof CheckpointStorage ? value.asTensor() : value;
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The elements in `bytes`, in the host's byte order. The bytes are copied
 * because a record inside a file need not be aligned for a typed array.
 */
export function hostArrayFromBytes(bytes: Uint8Array, dtype: DType, littleEndian: boolean): HostArray {
  const size = itemSize(dtype);
  const out = hostArray(dtype, bytes.length / size);
  const raw = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  raw.set(bytes);
  if (size > 1 && littleEndian !== hostIsLittleEndian) swapBytes(raw, size);
  return out;
}

function swapBytes(raw: Uint8Array, size: number): void {
  for (let at = 0; at < raw.length; at += size) raw.subarray(at, at + size).reverse();
}
