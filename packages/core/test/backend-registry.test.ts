import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { describe as suite, it as test } from "vitest";
import * as torch from "../src/index.js";
import type { Allocator, Backend } from "../src/backend/backend.js";
import { DeviceError } from "../src/index.js";
import { conformanceCases } from "../src/testing/index.js";

const reference = torch.backends.getBackendByName("reference");

/** The reference kernels on another device type, as a GPU backend package would register itself. */
const fake: Backend = { ...reference, name: "fake-accelerator", deviceType: "fake", priority: 0, info: () => ({ kind: "test double" }) };

/** An allocator like a GPU's: reads resolve later and there is no synchronous read. */
const asyncAllocator: Allocator = {
  allocate: (...args) => reference.allocator.allocate(...args),
  free: (...args) => reference.allocator.free(...args),
  write: (...args) => reference.allocator.write(...args),
  copy: (...args) => reference.allocator.copy(...args),
  read: async (...args) => {
    await new Promise((resolve) => setImmediate(resolve));
    return reference.allocator.read(...args);
  },
};
const asyncOnly: Backend = { ...reference, name: "async-only", deviceType: "slow", priority: 0, allocator: asyncAllocator, fused: {} };

/** A second "cpu" backend that outranks the reference one. */
const shadow: Backend = { ...reference, name: "cpu-shadow", priority: 5 };

beforeAll(() => {
  for (const b of [fake, asyncOnly, shadow]) torch.backends.registerBackend(b);
  torch.backends.use("cpu", "reference");
});

afterEach(() => {
  torch.setDefaultDevice("cpu");
  torch.backends.use("cpu", "reference");
});

describe("torch.backends", () => {
  it("list() and info() show every registered backend, its device type and whether it is active", () => {
    expect(torch.backends.list().map((b) => b.name)).toEqual(expect.arrayContaining(["reference", "fake-accelerator", "async-only", "cpu-shadow"]));
    const info = Object.fromEntries(torch.backends.info().map((i) => [i.name, i]));
    expect(info["reference"]).toMatchObject({ deviceType: "cpu", active: true, fused: ["adamStepForeach", "sgdStepForeach"] });
    expect(info["cpu-shadow"]).toMatchObject({ deviceType: "cpu", active: false });
    expect(info["fake-accelerator"]).toMatchObject({ deviceType: "fake", active: true, details: { kind: "test double" } });
  });

  it("the highest priority wins unless use() picks another; use(type, undefined) restores the rule", () => {
    torch.backends.use("cpu", undefined);
    expect(torch.backends.backendFor("cpu").name).toBe("cpu-shadow");
    expect(torch.ones([1]).storage.backend.name).toBe("cpu-shadow");
    torch.backends.use("cpu", "reference");
    expect(torch.ones([1]).storage.backend.name).toBe("reference");
    expect(() => torch.backends.use("fake", "reference")).toThrow(DeviceError);
    expect(() => torch.backends.use("fake", "reference")).toThrow(/serves 'cpu', not 'fake'/);
  });

  it("withBackend switches for the call only, and restores after a throw", () => {
    const inside = torch.backends.withBackend("cpu-shadow", () => torch.ones([1]).storage.backend.name);
    expect(inside).toBe("cpu-shadow");
    expect(torch.ones([1]).storage.backend.name).toBe("reference");
    expect(() => torch.backends.withBackend("cpu-shadow", () => {
      throw new Error("inner");
    })).toThrow("inner");
    expect(torch.backends.backendFor("cpu").name).toBe("reference");
    expect(() => torch.backends.withBackend("nope", () => 0)).toThrow(/No backend named 'nope'/);
  });

  it("tensors keep the backend they were made on, and mixing backends of one device type names both", () => {
    const a = torch.backends.withBackend("cpu-shadow", () => torch.ones([2]));
    const b = torch.ones([2]);
    expect(a.add(a).storage.backend.name).toBe("cpu-shadow");
    expect(() => a.add(b)).toThrow(DeviceError);
    expect(() => a.add(b)).toThrow(/cpu-shadow/);
    expect(() => a.add(b)).toThrow(/reference/);
  });
});

describe("devices", () => {
  it("a backend package that cannot run says why when its device is named, and its device is unavailable", () => {
    expect(() => torch.zeros([1], { device: "nodevice" })).toThrow(/No backend serves device 'nodevice'. Import a backend package/);
    torch.backends.registerUnavailable("nodevice", "nodevice-test", "no driver was found (libnodevice.so.1); install the driver");
    expect(torch.backends.isAvailable("nodevice")).toBe(false);
    expect(torch.backends.deviceCount("nodevice")).toBe(0);
    expect(torch.backends.unavailableReason("nodevice")).toBe("nodevice-test: no driver was found (libnodevice.so.1); install the driver");
    const t = torch.ones([2]);
    expect(() => t.to("nodevice")).toThrow(DeviceError);
    expect(() => t.to("nodevice:1")).toThrow(
      "Device 'nodevice' is not available: the nodevice-test backend was imported but cannot run here: no driver was found (libnodevice.so.1); install the driver",
    );
  });

  it("setDefaultDevice sends new tensors to that device", () => {
    torch.setDefaultDevice("fake");
    expect(torch.getDefaultDevice().toString()).toBe("fake");
    const t = torch.arange(3);
    expect(t.device.toString()).toBe("fake");
    expect(t.storage.backend.name).toBe("fake-accelerator");
    torch.setDefaultDevice("cpu");
    expect(torch.zeros([1]).device.type).toBe("cpu");
  });

  it("device strings keep their index", () => {
    const d = torch.Device.parse("cuda:1");
    expect([d.type, d.index, d.toString()]).toEqual(["cuda", 1, "cuda:1"]);
    expect(d.equals(torch.Device.parse("cuda:1"))).toBe(true);
    expect(torch.Device.parse("cpu").equals(torch.Device.parse("cpu:0"))).toBe(true);
  });

  it("to(device) copies across devices with values, dtype and gradient", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
    const onFake = x.t().to("fake");
    expect(onFake.device.toString()).toBe("fake");
    expect(onFake.dtype).toBe("float64");
    expect(onFake.tolist()).toEqual([[1, 3], [2, 4]]);
    onFake.mul(onFake).sum().backward();
    expect(x.grad!.device.type).toBe("cpu");
    expect(x.grad!.tolist()).toEqual([[2, 4], [6, 8]]);
    const back = onFake.to({ device: "cpu", dtype: "float32" });
    expect([back.device.type, back.dtype]).toEqual(["cpu", "float32"]);
    expect(x.to("cpu")).toBe(x);
  });

  it("mixing devices in an op names both devices", () => {
    expect(() => torch.ones([2]).mul(torch.ones([2], { device: "fake" }))).toThrow(/^mul: .*cpu.*fake/);
  });
});

describe("a backend that reads only asynchronously", () => {
  it("await t.data() and t.array() work, on strided views too", async () => {
    const t = torch.arange(0, 6, 1, { dtype: "float32", device: "slow" }).reshape(2, 3).t();
    expect(Array.from((await t.data()) as Float32Array)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(await t.add(1).array()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(Number((await torch.tensor([7], { device: "slow" }).data())[0])).toBe(7);
    expect(await t.sum().itemAsync()).toBe(15);
    await expect(t.itemAsync()).rejects.toThrow(/^itemAsync: a Tensor with 6 elements cannot be converted to Scalar/);
  });

  it("synchronous reads fail with a DeviceError that says what to use instead", () => {
    const t = torch.ones([2], { device: "slow" });
    expect(() => t.dataSync()).toThrow(DeviceError);
    expect(() => t.dataSync()).toThrow(/async-only.*await t\.data\(\)/);
    expect(() => t.sum().item()).toThrow(/^item: .*await t\.itemAsync\(\)/);
    expect(() => t.tolist()).toThrow(/^tolist: .*await t\.array\(\)/);
    expect(() => t.to("cpu")).toThrow(/toAsync\("cpu"\)/);
    expect(String(t)).toContain("slow");
  });

  it("toAsync brings tensors back to the CPU, and gradients flow back to the device", async () => {
    // the leaf lives on the device: moving gradients *to* it needs no synchronous read
    const x = torch.tensor([1, 2, 3], { dtype: "float32", device: "slow", requiresGrad: true });
    const back = await x.mul(2).toAsync("cpu");
    expect(back.device.type).toBe("cpu");
    expect(back.tolist()).toEqual([2, 4, 6]);
    back.sum().backward();
    expect(x.grad!.device.toString()).toBe("slow");
    expect(await x.grad!.array()).toEqual([2, 2, 2]);
    expect(await back.toAsync("cpu")).toBe(back);
  });

  it("passes a slice of the conformance suite", async () => {
    const labels = ["exp", "add", "sum(1)", "matmul", "gather(1)", "transpose(0, 1)", "add_"];
    const cases = conformanceCases({ backend: "async-only", filter: (o) => labels.includes(o.label) });
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) await c.run();
  });
});

// runConformance registers with any runner that has describe/it
suite("conformance registration", () => {
  test("runConformance accepts a runner object", async () => {
    const { runConformance } = await import("../src/testing/index.js");
    const names: string[] = [];
    const recorder = {
      describe: (name: string, fn: () => void) => {
        names.push(`describe ${name}`);
        fn();
      },
      it: (name: string) => void names.push(`it ${name}`),
    };
    runConformance({ backend: "fake-accelerator", test: recorder, filter: (o) => o.label === "neg" });
    expect(names.slice(0, 3)).toEqual(["describe conformance: fake-accelerator", "describe allocator", "it write, read and readSync at an offset float32"]);
    expect(names).toContain("describe neg");
    expect(names).toContain("it forward int64");
  });
});

suite("conformance on a backend that stores fewer dtypes", () => {
  test("sweeps only its declared dtypes and skips ops that need another one, naming it", async () => {
    const { createQueuedBackend } = await import("../src/testing/index.js");
    torch.backends.registerBackend(createQueuedBackend({ name: "no-float64", deviceType: "no-float64", dtypes: ["float32", "int32", "int64", "uint8", "bool"] }));
    const labels = ["neg", "to(float64)", "to(int32)", "add/mul(int64, float64)", "sum(-1, float64)", "copy_(from float64)"];
    const cases = conformanceCases({ backend: "no-float64", filter: (o) => labels.includes(o.label) });
    const of = (label: string) => cases.filter((c) => c.path[1] === label);
    expect(of("neg").map((c) => c.name)).toContain("forward float32");
    expect(of("neg").some((c) => /float64|float16/.test(c.name))).toBe(false);
    expect(of("to(int32)").some((c) => c.skip)).toBe(false);
    for (const label of ["to(float64)", "add/mul(int64, float64)", "sum(-1, float64)", "copy_(from float64)"]) {
      expect(of(label)).toEqual([expect.objectContaining({ name: "dtypes", skip: "no-float64 does not store float64" })]);
    }
  });
});
