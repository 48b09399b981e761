import { DeviceError } from "@taimatsu/core";
import { describe, expect, it } from "vitest";
import { BufferPool, sizeClass } from "../src/runtime/buffer-pool.js";
import { DeviceState, type RuntimeDevice } from "../src/runtime/device-state.js";
import { Usage } from "../src/runtime/usage.js";
import { unaryCall } from "../src/kernels/unary.js";
import { type FakeBuffer, fakeDevice } from "./fake-device.js";

/** A device state whose own first upload (zeroing the error record) has been submitted and forgotten. */
function state(device: ReturnType<typeof fakeDevice>, flushEvery = 64): DeviceState {
  const s = new DeviceState(device as unknown as RuntimeDevice, { flushEvery });
  s.stream.flush();
  device.submitted.length = 0;
  device.log.length = 0;
  return s;
}
const view = (buffer: object, shape: number[]) => ({
  buffer,
  dtype: "float32" as const,
  shape,
  strides: shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1)),
  offset: 0,
});

describe("buffer pool", () => {
  it("rounds requests up to size classes", () => {
    expect([1, 256, 257, 1000, 1 << 20, (1 << 20) + 1].map(sizeClass)).toEqual([256, 256, 512, 1024, 1 << 20, 2 << 20]);
  });

  it("reuses a freed buffer for the same size class and usage only", () => {
    const device = fakeDevice();
    const pool = new BufferPool(device as never);
    const a = pool.acquire(300, Usage.tensor);
    pool.release(a);
    expect(pool.cachedBytes).toBe(512);
    expect(pool.acquire(100, Usage.params)).not.toBe(a); // another usage
    expect(pool.acquire(260, Usage.tensor)).toBe(a); // same class (512)
    expect(pool.cachedBytes).toBe(0);
    expect(pool.created).toBe(2);
  });

  it("destroys only cached buffers, and refuses sizes over the device limit", () => {
    const pool = new BufferPool(fakeDevice() as never, 4096);
    const live = pool.acquire(10, Usage.tensor) as unknown as FakeBuffer;
    const cached = pool.acquire(10, Usage.tensor) as unknown as FakeBuffer;
    pool.release(cached as never);
    expect(pool.destroyCached()).toBe(256);
    expect([live.destroyed, cached.destroyed]).toEqual([false, true]);
    expect(() => pool.acquire(5000, Usage.tensor)).toThrow(/maxBufferSize/);
  });
});

describe("command stream", () => {
  it("submits uploads, copies and kernels in call order, every flushEvery dispatches", () => {
    const device = fakeDevice();
    const s = state(device, 2);
    const a = s.allocate("float32", 6);
    const out = s.allocate("float32", 6);
    s.write(a, "float32", new Float32Array(6).fill(1), 0);
    s.run(unaryCall("exp", view(out, [2, 3]), view(a, [2, 3])), view(out, [2, 3]), [view(a, [2, 3])]);
    expect(device.submitted).toEqual([]); // one dispatch: still open
    s.copy(a, 0, out, 0, 6, "float32");
    s.run(unaryCall("neg", view(out, [2, 3]), view(a, [2, 3])), view(out, [2, 3]), [view(a, [2, 3])]);
    expect(device.submitted).toHaveLength(1);
    const [batch] = device.submitted;
    expect(batch!.map((op) => op.split(" ")[0])).toEqual(["copy", "dispatch", "copy", "dispatch"]);
    expect(batch![1]).toMatch(/^dispatch unary:exp:float32.* 1x1$/);
    // both arenas are written before the submit that uses them
    expect(device.log.slice(-3)).toEqual([expect.stringMatching(/^writeBuffer/), expect.stringMatching(/^writeBuffer/), "submit"]);
  });

  it("flushes pending work before the read-back copy, in the same command buffer", async () => {
    const device = fakeDevice();
    const s = state(device);
    const a = s.allocate("int32", 4);
    s.write(a, "int32", new Int32Array([1, 2, 3, 4]), 0);
    const data = await s.read(a, "int32", 1, 2);
    expect(data).toBeInstanceOf(Int32Array);
    expect(data.length).toBe(2);
    const [batch] = device.submitted;
    // the upload, then the read-back copies: the data and the error record
    expect(batch).toHaveLength(3);
    expect(batch![1]).toMatch(/@4 -> b\d+@0 8$/); // element 1 is byte 4; 2 elements are 8 bytes
    expect(batch![2]).toMatch(/@0 -> b\d+@8 16$/);
  });

  it("reads a kernel's input from a copy when it shares out's buffer", () => {
    const device = fakeDevice();
    const s = state(device, 1);
    const a = s.allocate("float32", 4);
    s.run(unaryCall("identity", view(a, [2]), { ...view(a, [2]), offset: 2 }), view(a, [2]), [{ ...view(a, [2]), offset: 2 }]);
    expect(device.submitted[0]!.map((op) => op.split(" ")[0])).toEqual(["copy", "dispatch"]);
  });

  it("keeps one pipeline per op, dtypes and rank bucket, whatever the shapes", () => {
    const s = state(fakeDevice());
    const run = (shape: number[], op: "exp" | "neg" = "exp") => {
      const a = s.allocate(
        "float32",
        shape.reduce((x, y) => x * y, 1),
      );
      const o = s.allocate(
        "float32",
        shape.reduce((x, y) => x * y, 1),
      );
      s.run(unaryCall(op, view(o, shape), view(a, shape)), view(o, shape), [view(a, shape)]);
    };
    run([2, 3]);
    run([7, 1]);
    run([40, 40]);
    run([5]); // ranks 0-2 share the rank-2 kernel
    expect(s.pipelines.size).toBe(1);
    run([2, 3, 4]);
    run([2, 3], "neg");
    expect(s.pipelines.keys()).toEqual([
      "unary:exp:float32,float32,float32,float32:r2:s0",
      "unary:exp:float32,float32,float32,float32:r4:s0",
      "unary:neg:float32,float32,float32,float32:r2:s0",
    ]);
  });
});

describe("errors", () => {
  it("a batch the device rejects fails the next read once, naming its kernels", async () => {
    let error: { message: string } | null = null;
    const device = fakeDevice({ error: () => error });
    const s = state(device);
    error = { message: "bad binding" };
    const a = s.allocate("float32", 2);
    s.run(unaryCall("sqrt", view(a, [2]), view(s.allocate("float32", 2), [2])), view(a, [2]), [view(a, [2])]);
    const read = s.read(a, "float32", 0, 2);
    await expect(read).rejects.toThrow(DeviceError);
    await expect(read).rejects.toThrow(/unary:sqrt.*bad binding/);
    error = null;
    await expect(s.read(a, "float32", 0, 2)).resolves.toHaveLength(2);
  });

  it("a lost device makes later calls throw a DeviceError that says what to do", async () => {
    const s = state(fakeDevice({ lost: Promise.resolve({ reason: "unknown", message: "GPU reset" }) }));
    await Promise.resolve();
    expect(() => s.allocate("float32", 4)).toThrow(/device was lost \(GPU reset\).*webgpu\.init\(\) again/);
  });
});

describe("index errors", () => {
  it("an index a kernel recorded rejects the next read with a RangeError naming the op, once", async () => {
    const device = fakeDevice();
    const s = state(device);
    const a = s.allocate("float32", 2);
    const site = s.site({ op: "gather", dim: 0, size: 4 });
    // what a shader writes: flag, site, index 7 as lo/hi words
    const record = new Uint32Array([1, site, 7, 0]);
    const read = s.stream.read.bind(s.stream);
    s.stream.read = async (regions) => {
      const out = await read(regions);
      return regions.map((r, k) => (r.size === 16 && r.offset === 0 && k === regions.length - 1 ? record.buffer.slice(0) : out[k]!));
    };
    await expect(s.read(a, "float32", 0, 2)).rejects.toThrow(new RangeError("gather: index 7 is out of bounds for dimension 0 with size 4"));
    record.fill(0);
    await expect(s.read(a, "float32", 0, 2)).resolves.toHaveLength(2);
  });
});
