import { DeviceError, type backends, type DType, type HostArray } from "@taimatsu/core";
import type { IndexSite } from "../kernels/index-kernels.js";
import type { KernelCall } from "../kernels/shader.js";
import { BufferPool, type BufferFactory } from "./buffer-pool.js";
import { CommandStream, type StreamDevice } from "./command-stream.js";
import { deviceBytes, fromDeviceBytes, toDeviceBytes } from "./host-data.js";
import { PipelineCache, type PipelineDevice } from "./pipeline-cache.js";
import { Usage } from "./usage.js";

type View = backends.View;

/** What the runtime needs of a GPUDevice (a fake one in unit tests). */
export type RuntimeDevice = StreamDevice & PipelineDevice & BufferFactory & Pick<GPUDevice, "lost">;

/** A tensor's memory: the pooled GPU buffer and the element count it was allocated for. */
export class WebGpuBuffer {
  constructor(
    readonly gpu: GPUBuffer,
    readonly dtype: DType,
    readonly numel: number,
  ) {}
}

export interface RuntimeOptions {
  /** Dispatches per submitted command buffer. */
  flushEvery?: number;
}

/**
 * One WebGPU device as the backend sees it: the buffer pool, the ordered
 * command stream, the pipeline cache, and the errors the device reports
 * later than the call that caused them (deferred: they reject the next read
 * or synchronize, once). A lost device makes every later call throw.
 */
export class DeviceState {
  readonly pool: BufferPool;
  readonly stream: CommandStream;
  readonly pipelines: PipelineCache;
  private deferred: Error | null = null;
  private lostError: Error | null = null;
  /** Where kernels record an index out of range: [flag, site, index lo, index hi]. */
  private readonly errorBuffer: GPUBuffer;
  private readonly sites: IndexSite[] = [];
  private readonly siteIds = new Map<string, number>();
  /** Sites as kernels see them: the number a kernel reports an error with. */
  readonly site = (s: IndexSite): number => {
    const key = `${s.op}:${s.dim}:${s.size}`;
    let id = this.siteIds.get(key);
    if (id === undefined) {
      id = this.sites.push(s) - 1;
      this.siteIds.set(key, id);
    }
    return id;
  };

  constructor(
    readonly device: RuntimeDevice,
    options: RuntimeOptions = {},
  ) {
    this.pool = new BufferPool(device, device.limits.maxBufferSize);
    this.pipelines = new PipelineCache(device);
    this.stream = new CommandStream(device, this.pool, options.flushEvery ?? 64, (e, labels) => {
      const ops = [...new Set(labels)].slice(0, 8).join(", ");
      this.defer(new DeviceError(`webgpu: the device rejected a batch of kernels (${ops || "copies"}): ${e.message}`));
    });
    this.errorBuffer = this.pool.acquire(16, Usage.tensor);
    this.stream.upload(this.errorBuffer, 0, new Uint8Array(16));
    void device.lost.then((info) => {
      if (info.reason === "destroyed") this.lostError = new DeviceError("webgpu: the device was destroyed; call webgpu.init() again for a new one");
      else
        this.lostError = new DeviceError(
          `webgpu: the device was lost (${info.message || info.reason}); its tensors are gone. Call webgpu.init() again and recreate them`,
        );
    });
  }

  /** Records an error for the next read or synchronize (the first one wins). */
  defer(e: Error): void {
    this.deferred ??= e;
  }

  checkAlive(): void {
    if (this.lostError) throw this.lostError;
  }

  /** Records a kernel; an input sharing out's buffer (x.copy_(view of x)) is read from a copy. */
  run(call: KernelCall | null, out: View, inputs: readonly View[]): void {
    this.checkAlive();
    if (!call) return;
    const pipeline = this.pipelines.get(call.key, call.source);
    const target = (out.buffer as WebGpuBuffer).gpu;
    const temps: GPUBuffer[] = [];
    const buffers = inputs.map((v) => {
      const gpu = (v.buffer as WebGpuBuffer).gpu;
      if (gpu !== target) return gpu;
      const copy = this.pool.acquire(gpu.size, Usage.tensor);
      this.stream.copy(gpu, 0, copy, 0, gpu.size);
      temps.push(copy);
      return copy;
    });
    if (call.errors) buffers.push(this.errorBuffer);
    this.stream.dispatch(call.key, pipeline, [target, ...buffers], call.params, [call.groups[0], call.groups[1], call.batch ?? 1]);
    // work recorded later runs after this dispatch, so the copies may serve it
    for (const t of temps) this.pool.release(t);
  }

  allocate(dtype: DType, numel: number): WebGpuBuffer {
    this.checkAlive();
    return new WebGpuBuffer(this.pool.acquire(Math.max(4, deviceBytes(dtype, numel)), Usage.tensor), dtype, numel);
  }

  free(buffer: WebGpuBuffer): void {
    if (this.lostError) return;
    this.pool.release(buffer.gpu);
  }

  write(buffer: WebGpuBuffer, dtype: DType, data: HostArray, offset: number): void {
    this.checkAlive();
    this.stream.upload(buffer.gpu, deviceBytes(dtype, offset), toDeviceBytes(dtype, data));
  }

  copy(dst: WebGpuBuffer, dstOffset: number, src: WebGpuBuffer, srcOffset: number, numel: number, dtype: DType): void {
    this.checkAlive();
    const size = deviceBytes(dtype, numel);
    if (size === 0) return;
    if (dst.gpu !== src.gpu) return this.stream.copy(src.gpu, deviceBytes(dtype, srcOffset), dst.gpu, deviceBytes(dtype, dstOffset), size);
    // WebGPU refuses a copy within one buffer: go through a temporary
    const temp = this.pool.acquire(size, Usage.tensor);
    this.stream.copy(src.gpu, deviceBytes(dtype, srcOffset), temp, 0, size);
    this.stream.copy(temp, 0, dst.gpu, deviceBytes(dtype, dstOffset), size);
    this.pool.release(temp);
  }

  async read(buffer: WebGpuBuffer, dtype: DType, offset: number, numel: number): Promise<HostArray> {
    this.checkAlive();
    const [bytes, errors] = await this.stream.read([
      { src: buffer.gpu, offset: deviceBytes(dtype, offset), size: deviceBytes(dtype, numel) },
      { src: this.errorBuffer, offset: 0, size: 16 },
    ]);
    await this.stream.errorsReported();
    this.checkIndexErrors(errors!);
    this.throwDeferred();
    return fromDeviceBytes(dtype, bytes!);
  }

  async synchronize(): Promise<void> {
    this.checkAlive();
    const [errors] = await this.stream.read([{ src: this.errorBuffer, offset: 0, size: 16 }]);
    await this.stream.errorsReported();
    this.checkIndexErrors(errors!);
    this.throwDeferred();
  }

  emptyCache(): number {
    this.stream.flush();
    return this.pool.destroyCached();
  }

  /** Turns an index error a kernel recorded into a deferred RangeError naming the op, and clears the record. */
  private checkIndexErrors(bytes: ArrayBuffer): void {
    const [flag, site, lo, hi] = new Uint32Array(bytes);
    if (!flag) return;
    this.stream.upload(this.errorBuffer, 0, new Uint8Array(16));
    const s = this.sites[site!];
    const index = new BigInt64Array(new Uint32Array([lo!, hi!]).buffer)[0]!;
    this.defer(new RangeError(`${s?.op ?? "kernel"}: index ${index} is out of bounds for dimension ${s?.dim ?? "?"} with size ${s?.size ?? "?"}`));
  }

  private throwDeferred(): void {
    this.checkAlive();
    const e = this.deferred;
    this.deferred = null;
    if (e) throw e;
  }
}
