import * as torch from "@taimatsu/core";
import { DeviceError } from "@taimatsu/core";
import { describe, expect, it } from "vitest";
import * as webgpu from "../src/index.js";

// Node.js here has neither navigator.gpu nor the optional `webgpu` package
describe("init without WebGPU", () => {
  it("says why device webgpu is missing before init() and after it finds no GPU", async () => {
    expect(() => torch.zeros([2], { device: "webgpu" })).toThrow(/webgpu\.init\(\) has not been called/);
    expect(await webgpu.init()).toBe(false);
    expect(webgpu.isInitialized()).toBe(false);
    expect(webgpu.unavailableReason()).toMatch(/npm install webgpu/);
    expect(torch.backends.isAvailable("webgpu")).toBe(false);
    expect(() => torch.zeros([2], { device: "webgpu" })).toThrow(DeviceError);
    expect(() => torch.zeros([2], { device: "webgpu" })).toThrow(/npm install webgpu/);
    expect(webgpu.info()).toMatchObject({ initialized: false });
    expect(webgpu.emptyCache()).toBe(0);
  });

  it("uses a GPU object it is given, and reports one without adapters", async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    expect(await webgpu.init({ gpu })).toBe(false);
    expect(webgpu.unavailableReason()).toMatch(/offers no adapter/);
  });
});
