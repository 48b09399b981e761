import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Allocator, Backend, DeviceBuffer } from "../src/backend/backend.js";
import { DeviceError, DTypeError } from "../src/index.js";

const reference = torch.backends.getBackendByName("reference");

/** Which device each buffer was allocated on; every later call must name the same one. */
const home = new WeakMap<DeviceBuffer, number>();
const misuses: string[] = [];
function on(buffer: DeviceBuffer, device: number, call: string): void {
  if (home.get(buffer) !== device) misuses.push(`${call} on device ${device} of a buffer from device ${home.get(buffer)}`);
}

/** The reference kernels on two devices of type "multi", which cannot store float64. */
const allocator: Allocator = {
  allocate: (dtype, n, device) => {
    const b = reference.allocator.allocate(dtype, n, device);
    home.set(b, device);
    return b;
  },
  free: (b, device) => on(b, device, "free"),
  write: (b, dtype, data, offset, device) => {
    on(b, device, "write");
    reference.allocator.write(b, dtype, data, offset, device);
  },
  read: (b, dtype, offset, n, device) => {
    on(b, device, "read");
    return reference.allocator.read(b, dtype, offset, n, device);
  },
  readSync: (b, dtype, offset, n, device) => {
    on(b, device, "readSync");
    return reference.allocator.readSync!(b, dtype, offset, n, device);
  },
  copy: (d, dOff, s, sOff, n, dtype, device) => {
    on(d, device, "copy");
    on(s, device, "copy");
    reference.allocator.copy(d, dOff, s, sOff, n, dtype, device);
  },
};
const multi: Backend = {
  ...reference,
  name: "multi-device",
  deviceType: "multi",
  allocator,
  deviceCount: () => 2,
  dtypes: ["float32", "float16", "int32", "int64", "uint8", "bool"],
};

beforeAll(() => torch.backends.registerBackend(multi));

describe("devices with an index", () => {
  it("torch.device parses and builds devices as PyTorch does", () => {
    expect(torch.device("cuda:1").index).toBe(1);
    expect(torch.device("cuda", 1).toString()).toBe("cuda:1");
    expect(torch.device("cpu").index).toBeNull();
    expect(() => torch.device("cuda:0", 1)).toThrow(DeviceError);
    expect(() => torch.device("cuda:x")).toThrow(/Invalid device string/);
  });

  it("tensors on a backend that counts devices carry their index", () => {
    const a = torch.ones([2, 3], { device: "multi:1" });
    expect(a.device.index).toBe(1);
    expect(a.device.toString()).toBe("multi:1");
    expect(a.add(1).mul(a).device.toString()).toBe("multi:1");
    // an unindexed device name means device 0, as "cuda" means cuda:0
    expect(torch.zeros([1], { device: "multi" }).device.toString()).toBe("multi:0");
    // the CPU has no index, with or without ":0"
    expect(torch.zeros([1], { device: "cpu:0" }).device.index).toBeNull();
  });

  it("to() moves between devices of one type and back, values and gradient included", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
    const on0 = x.to("multi:0");
    const on1 = on0.to("multi:1");
    expect([on0.device.toString(), on1.device.toString()]).toEqual(["multi:0", "multi:1"]);
    expect(on1.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(on1.to("multi:1")).toBe(on1);
    expect(on1.to(torch.device("multi", 0)).device.index).toBe(0);
    on1.mul(on1).sum().backward();
    expect(x.grad!.tolist()).toEqual([[2, 4], [6, 8]]);
    expect(misuses).toEqual([]);
  });

  it("every allocator call names the device of the buffer it gets", () => {
    const a = torch.arange(0, 12, 1, { dtype: "float32", device: "multi:1" }).reshape(3, 4);
    const b = a.t().contiguous().matmul(a).softmax(1).sum(0);
    expect(b.shape).toEqual([4]);
    b.dataSync();
    a.add(2).dispose();
    expect(misuses).toEqual([]);
  });

  it("ops refuse tensors on two devices with PyTorch's message", () => {
    const a = torch.ones([2], { device: "multi:0" });
    const b = torch.ones([2], { device: "multi:1" });
    expect(() => a.add(b)).toThrow(DeviceError);
    expect(() => a.add(b)).toThrow("add: Expected all tensors to be on the same device, but found at least two devices, multi:0 and multi:1!");
    expect(() => torch.ones([2]).mul(b)).toThrow("mul: Expected all tensors to be on the same device, but found at least two devices, cpu and multi:1!");
    expect(() => a.matmul(torch.ones([2], { device: "multi:1" }))).toThrow(/multi:0 and multi:1/);
  });

  it("a device index past the backend's count is refused", () => {
    expect(() => torch.zeros([1], { device: "multi:2" })).toThrow(DeviceError);
    expect(() => torch.zeros([1], { device: "multi:2" })).toThrow(/invalid device ordinal.*2 devices \(multi:0 to multi:1\)/);
    expect(() => torch.ones([1]).to("cpu:1")).toThrow(/invalid device ordinal/);
  });

  it("isAvailable and deviceCount say what is there", () => {
    expect(torch.backends.isAvailable("multi")).toBe(true);
    expect(torch.backends.deviceCount("multi")).toBe(2);
    expect(torch.backends.deviceCount("cpu")).toBe(1);
    expect(torch.backends.isAvailable("cuda")).toBe(false);
    expect(torch.backends.deviceCount("cuda")).toBe(0);
  });
});

describe("declared storage dtypes", () => {
  it("a dtype the backend cannot store is a DTypeError naming the backend and what to do", () => {
    expect(() => torch.zeros([2], { dtype: "float64", device: "multi" })).toThrow(DTypeError);
    expect(() => torch.zeros([2], { dtype: "float64", device: "multi" })).toThrow(
      /the multi-device backend \(multi:0\) cannot store float64; it stores float32, float16, int32, int64, uint8, bool\..*\.float\(\).*\.to\("cpu"\)/,
    );
    const x = torch.ones([2], { device: "multi:1" });
    expect(() => x.double()).toThrow(DTypeError);
    expect(() => torch.ones([2], { dtype: "float64" }).to("multi")).toThrow(DTypeError);
    // what it stores works
    expect(x.half().float().add(1).tolist()).toEqual([2, 2]);
  });
});
