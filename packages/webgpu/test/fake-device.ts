/**
 * A fake GPUDevice for the runtime's unit tests: it runs nothing, but logs
 * what reaches the queue (arena writes, and per submitted command buffer the
 * copies and dispatches in encoded order).
 */
export class FakeBuffer {
  static next = 0;
  readonly id = FakeBuffer.next++;
  destroyed = false;
  constructor(
    readonly size: number,
    readonly usage: number,
  ) {}
  destroy() {
    this.destroyed = true;
  }
  mapAsync() {
    return Promise.resolve();
  }
  getMappedRange(_offset = 0, size = this.size) {
    return new ArrayBuffer(size);
  }
  unmap() {}
}

export function fakeDevice(options: { error?: () => { message: string } | null; lost?: Promise<{ reason: string; message: string }> } = {}) {
  const log: string[] = [];
  const submitted: string[][] = [];
  const name = (b: unknown) => `b${(b as FakeBuffer).id}`;
  const device = {
    log,
    submitted,
    limits: { minStorageBufferOffsetAlignment: 256, maxBufferSize: 1 << 30 },
    lost: options.lost ?? new Promise(() => {}),
    createBuffer: (d: { size: number; usage: number }) => new FakeBuffer(d.size, d.usage),
    createShaderModule: (d: { code: string; label?: string }) => d,
    createComputePipeline: (d: { label?: string }) => ({ label: d.label, getBindGroupLayout: () => ({}) }),
    createBindGroup: (d: unknown) => d,
    pushErrorScope: () => {},
    popErrorScope: () => Promise.resolve(options.error?.() ?? null),
    queue: {
      writeBuffer: (b: unknown) => log.push(`writeBuffer ${name(b)}`),
      submit: (buffers: { ops: string[] }[]) => {
        for (const b of buffers) submitted.push(b.ops);
        log.push("submit");
      },
      onSubmittedWorkDone: () => Promise.resolve(),
    },
    createCommandEncoder: () => {
      const ops: string[] = [];
      return {
        beginComputePass: () => ({
          label: "",
          pipeline: "",
          setPipeline(p: { label: string }) {
            this.pipeline = p.label;
          },
          setBindGroup() {},
          dispatchWorkgroups(x: number, y: number) {
            ops.push(`dispatch ${this.pipeline} ${x}x${y}`);
          },
          end() {},
        }),
        copyBufferToBuffer: (s: unknown, so: number, d: unknown, dOff: number, size: number) => ops.push(`copy ${name(s)}@${so} -> ${name(d)}@${dOff} ${size}`),
        finish: () => ({ ops }),
      };
    },
  };
  return device;
}
