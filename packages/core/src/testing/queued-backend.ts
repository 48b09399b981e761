import type { Allocator, Backend, BackendMemory, DeviceBuffer, PrimitiveKernels, View } from "../backend/backend.js";
import { registerBackend } from "../backend/registry.js";
import { referenceBackend } from "../backends/reference/index.js";
import { dataOf, offsets, RefBuffer } from "../backends/reference/buffer.js";
import { DTYPES, itemSize, type DType, type HostArray } from "../dtype.js";

/**
 * A backend that behaves as a GPU does towards core, to prove that core uses
 * a device correctly: there is no `readSync`, every kernel, write, copy and
 * free is queued and runs only when the queue is flushed (by `read`,
 * `synchronize`, or once it grows long, as a command buffer is submitted),
 * and a kernel that meets an index out of range cannot throw: it records the
 * error, which rejects the next read or `synchronize`. It also checks what a
 * real device cannot: that no kernel touches a freed buffer or mixes devices.
 * The arithmetic is the reference backend's.
 */
export interface QueuedBackendOptions {
  /** Backend name; default "queued". */
  name?: string;
  /** Device type it serves; default "queued". */
  deviceType?: string;
  /** Devices it serves (`queued:0` ...); default 2. */
  deviceCount?: number;
  /** dtypes it can store; default all. */
  dtypes?: readonly DType[];
  /** Operations queued before the queue runs by itself; default 4096. */
  maxQueued?: number;
}

/** A queued backend plus what tests look at: how much is queued, and a synchronous flush. */
export interface QueuedBackend extends Backend {
  /** Operations waiting to run. */
  readonly pending: number;
  /** Queued operations (kernels, writes, copies, frees) run so far. */
  readonly operationsRun: number;
  /** Runs everything queued; a recorded error stays recorded until a read or `synchronize` reports it. */
  flush(): void;
}

class QueuedBuffer {
  freed = false;
  constructor(
    readonly ref: RefBuffer,
    readonly device: number,
    readonly bytes: number,
  ) {}
}

interface Job {
  op: string;
  run(): void;
}

/** A queued backend (not registered: see `registerQueuedBackend`). */
export function createQueuedBackend(options: QueuedBackendOptions = {}): QueuedBackend {
  const name = options.name ?? "queued";
  const count = options.deviceCount ?? 2;
  const maxQueued = options.maxQueued ?? 4096;
  let queue: Job[] = [];
  let deferred: Error | null = null;
  let operationsRun = 0;
  const allocated = new Array<number>(count).fill(0);
  const ref = referenceBackend.primitives;

  function enqueue(op: string, run: () => void): void {
    queue.push({ op, run });
    if (queue.length >= maxQueued) flush();
  }

  function flush(): void {
    while (queue.length > 0) {
      const jobs = queue;
      queue = [];
      for (const job of jobs) {
        try {
          job.run();
          operationsRun++;
        } catch (e) {
          // a device cannot throw into the caller: the first error waits for the next read or synchronize
          deferred ??= e instanceof Error ? e : new Error(`${job.op}: ${String(e)}`);
        }
      }
    }
  }

  /** Runs the queue, then throws the error a kernel recorded, once. */
  function settle(): void {
    flush();
    const e = deferred;
    deferred = null;
    if (e) throw e;
  }

  /** The reference view of `v`, after checking that the buffer is alive and on `device`. */
  function resolve(op: string, v: View, device: number): View {
    const b = v.buffer as QueuedBuffer;
    if (!(b instanceof QueuedBuffer)) throw new Error(`${op}: a view of a buffer this backend did not allocate`);
    if (b.freed) throw new Error(`${op}: a kernel used a buffer after it was freed`);
    if (b.device !== device) throw new Error(`${op}: a kernel mixed buffers of ${name}:${b.device} and ${name}:${device}`);
    return { buffer: b.ref, dtype: v.dtype, shape: v.shape, strides: v.strides, offset: v.offset };
  }

  /** Queues `kernel` over the views, all on the device of the first one. */
  function kernel(op: string, views: readonly View[], run: (resolved: View[]) => void): void {
    const device = (views[0]!.buffer as QueuedBuffer).device;
    enqueue(op, () => run(views.map((v) => resolve(op, v, device))));
  }

  /** What a GPU kernel does with an index out of range when it cannot throw: report it afterwards. */
  function checkIndices(op: string, index: View, size: number, dim: number): void {
    const values = dataOf(index);
    for (const o of offsets(index)) {
      const i = values[o]!;
      if (i < 0 || i >= size) throw new RangeError(`${op}: index ${i} is out of bounds for dimension ${dim} with size ${size}`);
    }
  }

  const allocator: Allocator = {
    allocate(dtype, numel, device) {
      checkDevice(device);
      const b = new QueuedBuffer(referenceBackend.allocator.allocate(dtype, numel, 0) as RefBuffer, device, numel * itemSize(dtype));
      allocated[device]! += b.bytes;
      return b;
    },
    free(buffer, device) {
      const b = own(buffer, device, "free");
      // kernels queued before the free still read the buffer
      enqueue("free", () => {
        if (b.freed) throw new Error("free: a buffer was freed twice");
        b.freed = true;
        allocated[device]! -= b.bytes;
      });
    },
    write(buffer, dtype, data, offset, device) {
      const b = own(buffer, device, "write");
      const copy = data.slice() as HostArray; // the caller may reuse `data` at once
      enqueue("write", () => referenceBackend.allocator.write(live(b, "write").ref, dtype, copy, offset, 0));
    },
    async read(buffer, dtype, offset, numel, device) {
      const b = own(buffer, device, "read");
      await new Promise((resolve) => setTimeout(resolve, 0)); // a device read always completes later
      settle();
      return referenceBackend.allocator.read(live(b, "read").ref, dtype, offset, numel, 0);
    },
    copy(dst, dstOffset, src, srcOffset, numel, dtype, device) {
      const [d, s] = [own(dst, device, "copy"), own(src, device, "copy")];
      enqueue("copy", () => referenceBackend.allocator.copy(live(d, "copy").ref, dstOffset, live(s, "copy").ref, srcOffset, numel, dtype, 0));
    },
  };

  function checkDevice(device: number): void {
    if (!Number.isInteger(device) || device < 0 || device >= count) throw new Error(`${name}: no device ${device}`);
  }

  function own(buffer: DeviceBuffer, device: number, op: string): QueuedBuffer {
    const b = buffer as QueuedBuffer;
    if (!(b instanceof QueuedBuffer)) throw new Error(`${op}: a buffer this backend did not allocate`);
    if (b.device !== device) throw new Error(`${op}: buffer of ${name}:${b.device} passed with device ${device}`);
    return b;
  }

  function live(b: QueuedBuffer, op: string): QueuedBuffer {
    if (b.freed) throw new Error(`${op}: a buffer was used after it was freed`);
    return b;
  }

  const primitives: PrimitiveKernels = {
    unary: (op, out, a) => kernel(op, [out, a], ([o, x]) => ref.unary(op, o!, x!)),
    binary: (op, out, a, b) => kernel(op, [out, a, b], ([o, x, y]) => ref.binary(op, o!, x!, y!)),
    where: (out, cond, a, b) => kernel("where", [out, cond, a, b], ([o, c, x, y]) => ref.where(o!, c!, x!, y!)),
    fill: (out, value) => kernel("fill", [out], ([o]) => ref.fill(o!, value)),
    reduce: (op, out, a, axes) => {
      const copy = [...axes];
      kernel(op, [out, a], ([o, x]) => ref.reduce(op, o!, x!, copy));
    },
    argReduce: (op, out, a, axis) => kernel(op, [out, a], ([o, x]) => ref.argReduce(op, o!, x!, axis)),
    scan: (op, out, a, axis, indices) =>
      kernel(op, indices ? [out, a, indices] : [out, a], ([o, x, i]) => ref.scan(op, o!, x!, axis, i ?? null)),
    sort: (values, indices, a, axis, descending) =>
      kernel("sort", [values, indices, a], ([v, i, x]) => ref.sort(v!, i!, x!, axis, descending)),
    matmul: (out, a, b) => kernel("matmul", [out, a, b], ([o, x, y]) => ref.matmul(o!, x!, y!)),
    gather: (out, src, dim, index) =>
      kernel("gather", [out, src, index], ([o, s, i]) => {
        checkIndices("gather", i!, s!.shape[dim]!, dim);
        ref.gather(o!, s!, dim, i!);
      }),
    scatter: (out, dim, index, src, mode) =>
      kernel("scatter", [out, index, src], ([o, i, s]) => {
        checkIndices("scatter", i!, o!.shape[dim]!, dim);
        ref.scatter(o!, dim, i!, s!, mode);
      }),
    unfold2d: (out, input, window, padValue) => {
      const w = structuredClone(window);
      kernel("unfold2d", [out, input], ([o, x]) => ref.unfold2d(o!, x!, w, padValue));
    },
    fold2d: (out, cols, window) => {
      const w = structuredClone(window);
      kernel("fold2d", [out, cols], ([o, c]) => ref.fold2d(o!, c!, w));
    },
  };
  // every kernel run is counted once, by flush
  const backend: QueuedBackend = {
    name,
    deviceType: options.deviceType ?? "queued",
    priority: 0,
    allocator,
    primitives,
    computeDTypes: referenceBackend.computeDTypes,
    dtypes: options.dtypes ?? DTYPES,
    checksIndexBounds: true,
    deviceCount: () => count,
    async synchronize(device) {
      if (device !== undefined) checkDevice(device);
      await new Promise((resolve) => setTimeout(resolve, 0));
      settle();
    },
    memory() {
      const out: Record<number, BackendMemory> = {};
      allocated.forEach((bytes, i) => (out[i] = { allocatedBytes: bytes, cachedBytes: 0 }));
      return out;
    },
    info: () => ({ description: "queued kernels, no synchronous read (core's test double of a GPU)", devices: count }),
    get pending() {
      return queue.length;
    },
    get operationsRun() {
      return operationsRun;
    },
    flush,
  };
  return backend;
}

/** Creates and registers a queued backend (by default "queued", serving device type "queued"). */
export function registerQueuedBackend(options: QueuedBackendOptions = {}): QueuedBackend {
  const backend = createQueuedBackend(options);
  registerBackend(backend);
  return backend;
}
