/**
 * Device buffers pooled by size class and usage. A freed buffer goes back to
 * its class at once and may serve the next request of that class: every use
 * of a tensor buffer is a command in one ordered stream (kernels, uploads and
 * copies alike), so work recorded after the free runs after the work before
 * it. Buffers are destroyed only by `emptyCache`, after the stream has been
 * submitted.
 */
export interface BufferFactory {
  createBuffer(descriptor: { size: number; usage: number; label?: string }): GPUBuffer;
}

const MiB = 1 << 20;

/** Bytes actually allocated for a request: powers of two from 256 B to 1 MiB, then whole MiB. */
export function sizeClass(bytes: number): number {
  const b = Math.max(256, Math.ceil(bytes));
  if (b <= MiB) return 2 ** Math.ceil(Math.log2(b));
  return Math.ceil(b / MiB) * MiB;
}

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private live = 0;
  private cached = 0;
  /** Buffers created so far (reuse keeps this flat). */
  created = 0;

  constructor(
    private readonly factory: BufferFactory,
    private readonly maxBufferSize = Number.MAX_SAFE_INTEGER,
  ) {}

  acquire(bytes: number, usage: number): GPUBuffer {
    const size = sizeClass(bytes);
    if (size > this.maxBufferSize) {
      throw new RangeError(
        `webgpu: a buffer of ${bytes} bytes exceeds the device's maxBufferSize (${this.maxBufferSize}); use smaller tensors or request a higher limit in webgpu.init({ requiredLimits })`,
      );
    }
    const list = this.free.get(`${usage}:${size}`);
    let buffer = list?.pop();
    if (buffer) this.cached -= size;
    else {
      buffer = this.factory.createBuffer({ size, usage });
      this.created++;
    }
    this.live += size;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    const key = `${buffer.usage}:${buffer.size}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buffer);
    this.live -= buffer.size;
    this.cached += buffer.size;
  }

  /** Destroys every cached buffer; returns the bytes released. Call after submitting the work that used them. */
  destroyCached(): number {
    const bytes = this.cached;
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.cached = 0;
    return bytes;
  }

  get liveBytes(): number {
    return this.live;
  }

  get cachedBytes(): number {
    return this.cached;
  }
}
