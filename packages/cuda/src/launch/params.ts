/**
 * Packs kernel parameters into one buffer, laid out as the PTX entry point
 * declares them (each at its natural alignment, in order): the addon passes
 * it to cuLaunchKernel as CU_LAUNCH_PARAM_BUFFER_POINTER. The struct layouts
 * mirror kernels/src/common.cuh.
 */
export const MAX_DIMS = 8;
/** sizeof(View): data, offset, rank + padding, shape[8], strides[8]. */
export const VIEW_BYTES = 8 + 8 + 8 + 8 * MAX_DIMS * 2;

/** A view's fields as the kernels read them (address in bytes, the rest in elements). */
export interface ViewParams {
  address: number;
  offset: number;
  shape: readonly number[];
  strides: readonly number[];
}

export class ParamPacker {
  readonly bytes: Uint8Array;
  private readonly data: DataView;
  size = 0;

  constructor(capacity = 4096) {
    this.bytes = new Uint8Array(capacity);
    this.data = new DataView(this.bytes.buffer);
  }

  reset(): this {
    this.size = 0;
    return this;
  }

  private align(n: number, bytes: number): number {
    const at = Math.ceil(this.size / n) * n;
    if (at + bytes > this.bytes.length) throw new RangeError(`kernel parameters exceed ${this.bytes.length} bytes`);
    this.bytes.fill(0, this.size, at);
    this.size = at + bytes;
    return at;
  }

  i32(v: number): this {
    this.data.setInt32(this.align(4, 4), v, true);
    return this;
  }

  i64(v: number): this {
    this.data.setBigInt64(this.align(8, 8), BigInt(v), true);
    return this;
  }

  f64(v: number): this {
    this.data.setFloat64(this.align(8, 8), v, true);
    return this;
  }

  /** A device pointer (0 for null). */
  ptr(address: number): this {
    this.data.setBigUint64(this.align(8, 8), BigInt(address), true);
    return this;
  }

  /** struct View (common.cuh); unused dims are zero. */
  view(v: ViewParams): this {
    if (v.shape.length > MAX_DIMS) throw new RangeError(`a kernel view has at most ${MAX_DIMS} dims, got ${v.shape.length}`);
    const at = this.align(8, VIEW_BYTES);
    this.bytes.fill(0, at, at + VIEW_BYTES);
    this.data.setBigUint64(at, BigInt(v.address), true);
    this.data.setBigInt64(at + 8, BigInt(v.offset), true);
    this.data.setInt32(at + 16, v.shape.length, true);
    for (let d = 0; d < v.shape.length; d++) {
      this.data.setBigInt64(at + 24 + 8 * d, BigInt(v.shape[d]!), true);
      this.data.setBigInt64(at + 24 + 8 * MAX_DIMS + 8 * d, BigInt(v.strides[d]!), true);
    }
    return this;
  }

  /** struct of int32 fields (Window: kh, kw, sh, sw, ph, pw, dh, dw). */
  i32s(values: readonly number[]): this {
    const at = this.align(4, 4 * values.length);
    values.forEach((v, i) => this.data.setInt32(at + 4 * i, v, true));
    return this;
  }

  /** struct ErrorFlag { u64* slot; i64 tag; }. */
  errorFlag(slot: number, tag: number): this {
    const at = this.align(8, 16);
    this.data.setBigUint64(at, BigInt(slot), true);
    this.data.setBigInt64(at + 8, BigInt(tag), true);
    return this;
  }
}

/** Reads a packed view back (for tests and error messages). */
export function readView(bytes: Uint8Array, at: number): ViewParams {
  const d = new DataView(bytes.buffer, bytes.byteOffset);
  const rank = d.getInt32(at + 16, true);
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < rank; i++) {
    shape.push(Number(d.getBigInt64(at + 24 + 8 * i, true)));
    strides.push(Number(d.getBigInt64(at + 24 + 8 * MAX_DIMS + 8 * i, true)));
  }
  return { address: Number(d.getBigUint64(at, true)), offset: Number(d.getBigInt64(at + 8, true)), shape, strides };
}
