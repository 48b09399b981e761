import type { BufferPool } from "./buffer-pool.js";
import { MAP_READ_MODE, Usage } from "./usage.js";

/** The device surface the stream uses (a real GPUDevice, or a fake in unit tests). */
export type StreamDevice = Pick<GPUDevice, "createCommandEncoder" | "createBindGroup" | "queue" | "limits" | "pushErrorScope" | "popErrorScope">;

type Command =
  | { kind: "dispatch"; label: string; pipeline: GPUComputePipeline; buffers: GPUBuffer[]; params: Uint32Array; groups: [number, number, number] }
  | { kind: "upload"; dst: GPUBuffer; offset: number; data: Uint8Array }
  | { kind: "copy"; src: GPUBuffer; srcOffset: number; dst: GPUBuffer; dstOffset: number; size: number };

const alignUp = (x: number, a: number) => Math.ceil(x / a) * a;

/**
 * The open batch of work: kernels, host uploads and buffer copies, recorded
 * in call order and encoded into one command buffer when the batch is
 * submitted — every `flushEvery` dispatches, and before any read-back.
 * Parameters and upload data of a batch travel in two arena buffers written
 * with `queue.writeBuffer` just before its submit, so that they precede the
 * batch on the queue and never overtake earlier, unsubmitted work.
 */
export class CommandStream {
  private commands: Command[] = [];
  private dispatches = 0;
  private scopes: Promise<unknown>[] = [];
  /** Batches submitted so far. */
  submits = 0;

  constructor(
    private readonly device: StreamDevice,
    private readonly pool: BufferPool,
    private readonly flushEvery: number,
    /** Called with each batch's validation or memory error (a bug, or the device out of memory). */
    private readonly onError: (e: GPUError, labels: string[]) => void,
  ) {}

  get pending(): number {
    return this.commands.length;
  }

  dispatch(label: string, pipeline: GPUComputePipeline, buffers: GPUBuffer[], params: Uint32Array, groups: [number, number, number]): void {
    this.commands.push({ kind: "dispatch", label, pipeline, buffers, params, groups });
    if (++this.dispatches >= this.flushEvery) this.flush();
  }

  /** Copies `data` (the caller may reuse it at once) to `dst` at `offset` bytes, after the work recorded before. */
  upload(dst: GPUBuffer, offset: number, data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.commands.push({ kind: "upload", dst, offset, data: data.slice() });
  }

  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, size: number): void {
    if (size === 0) return;
    this.commands.push({ kind: "copy", src, srcOffset, dst, dstOffset, size });
  }

  /** Submits the batch, with `tail` encoded after it (a copy into a read-back buffer). */
  flush(tail?: (encoder: GPUCommandEncoder) => void): void {
    if (this.commands.length === 0 && !tail) return;
    const commands = this.commands;
    this.commands = [];
    this.dispatches = 0;
    const align = this.device.limits.minStorageBufferOffsetAlignment ?? 256;
    let paramBytes = 0;
    let uploadBytes = 0;
    const at = commands.map((c) => {
      if (c.kind === "dispatch") {
        const offset = paramBytes;
        paramBytes = alignUp(offset + c.params.byteLength, align);
        return offset;
      }
      if (c.kind === "upload") {
        const offset = uploadBytes;
        uploadBytes = alignUp(offset + c.data.byteLength, 4);
        return offset;
      }
      return 0;
    });
    const params = paramBytes > 0 ? this.arena(paramBytes, Usage.params, commands, at, "dispatch") : null;
    const uploads = uploadBytes > 0 ? this.arena(uploadBytes, Usage.upload, commands, at, "upload") : null;

    this.device.pushErrorScope("validation");
    this.device.pushErrorScope("out-of-memory");
    const encoder = this.device.createCommandEncoder();
    let pass: GPUComputePassEncoder | null = null;
    const endPass = () => {
      pass?.end();
      pass = null;
    };
    commands.forEach((c, k) => {
      if (c.kind === "dispatch") {
        pass ??= encoder.beginComputePass();
        pass.setPipeline(c.pipeline);
        const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: params!, offset: at[k]!, size: c.params.byteLength } }];
        c.buffers.forEach((buffer, b) => entries.push({ binding: b + 1, resource: { buffer } }));
        pass.setBindGroup(0, this.device.createBindGroup({ layout: c.pipeline.getBindGroupLayout(0), entries }));
        pass.dispatchWorkgroups(c.groups[0], c.groups[1], c.groups[2]);
      } else if (c.kind === "upload") {
        endPass();
        encoder.copyBufferToBuffer(uploads!, at[k]!, c.dst, c.offset, alignUp(c.data.byteLength, 4));
      } else {
        endPass();
        encoder.copyBufferToBuffer(c.src, c.srcOffset, c.dst, c.dstOffset, c.size);
      }
    });
    endPass();
    tail?.(encoder);
    this.device.queue.submit([encoder.finish()]);
    this.submits++;
    const labels = commands.flatMap((c) => (c.kind === "dispatch" ? [c.label] : []));
    for (const scope of [this.device.popErrorScope(), this.device.popErrorScope()]) {
      this.scopes.push(scope.then((e) => e && this.onError(e, labels)));
    }
    // later batches write their arenas after this submit on the queue
    if (params) this.pool.release(params);
    if (uploads) this.pool.release(uploads);
  }

  /** Resolves once the device has reported on every batch submitted so far (errors go to `onError`). */
  errorsReported(): Promise<unknown> {
    const scopes = this.scopes;
    this.scopes = [];
    return Promise.all(scopes);
  }

  /** Reads byte ranges of buffers (sizes multiples of 4) once everything recorded before has run, in one staging buffer. */
  async read(regions: readonly { src: GPUBuffer; offset: number; size: number }[]): Promise<ArrayBuffer[]> {
    const at: number[] = [];
    let total = 0;
    for (const r of regions) {
      at.push(total);
      total += r.size;
    }
    if (total === 0) return regions.map(() => new ArrayBuffer(0));
    const staging = this.pool.acquire(total, Usage.readback);
    this.flush((encoder) => regions.forEach((r, k) => r.size > 0 && encoder.copyBufferToBuffer(r.src, r.offset, staging, at[k]!, r.size)));
    try {
      await staging.mapAsync(MAP_READ_MODE, 0, total);
      const mapped = staging.getMappedRange(0, total);
      const out = regions.map((r, k) => mapped.slice(at[k]!, at[k]! + r.size));
      staging.unmap();
      return out;
    } finally {
      this.pool.release(staging);
    }
  }

  /** Writes one batch's parameter blocks or upload data into an arena buffer, on the queue before the batch. */
  private arena(bytes: number, usage: number, commands: Command[], at: number[], kind: "dispatch" | "upload"): GPUBuffer {
    const buffer = this.pool.acquire(bytes, usage);
    const host = new Uint8Array(bytes);
    commands.forEach((c, k) => {
      if (c.kind === "dispatch" && kind === "dispatch") host.set(new Uint8Array(c.params.buffer, c.params.byteOffset, c.params.byteLength), at[k]!);
      if (c.kind === "upload" && kind === "upload") host.set(c.data, at[k]!);
    });
    this.device.queue.writeBuffer(buffer, 0, host);
    return buffer;
  }
}
