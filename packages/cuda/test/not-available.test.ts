import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildFakeDriver, buildIncompleteDriver } from "./fake-driver/build.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Imports the built package in a fresh Node.js with `env`, and reports availability and the error of t.to("cuda"). */
function importWith(env: Record<string, string>): { available: boolean; count: number; reason: string | null; error: string } {
  const script = `
    const torch = await import("@taimatsu/core");
    const cuda = await import(${JSON.stringify(join(root, "dist", "index.js"))});
    let error = "";
    try { torch.ones([2]).to("cuda"); } catch (e) { error = e.name + ": " + e.message; }
    console.log(JSON.stringify({ available: torch.backends.isAvailable("cuda"), count: torch.backends.deviceCount("cuda"), reason: cuda.unavailable(), error }));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

describe("importing @taimatsu/cuda where it cannot run", () => {
  it("without a driver library: unregistered, and t.to('cuda') says there is no driver and what to install", () => {
    const r = importWith({ TAIMATSU_CUDA_LIBRARY: "/nonexistent/libcuda.so.1" });
    expect(r).toMatchObject({ available: false, count: 0 });
    expect(r.reason).toMatch(/^no NVIDIA driver was found: no NVIDIA driver library could be opened \(tried \/nonexistent\/libcuda.so.1 \(/);
    expect(r.reason).toContain("Install the NVIDIA driver");
    expect(r.reason).toContain("the CUDA toolkit is not needed");
    expect(r.error).toBe(`DeviceError: Device 'cuda' is not available: the @taimatsu/cuda backend was imported but cannot run here: ${r.reason}`);
  });

  it("with a driver library that lacks entry points: says the driver is too old", () => {
    const r = importWith({ TAIMATSU_CUDA_LIBRARY: buildIncompleteDriver() });
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/libcuda-incomplete.so lacks cuDriverGetVersion, .*cuLaunchKernel.* \(the driver is too old\)/);
  });

  it("with a driver that finds no device: says so", () => {
    const lib = buildFakeDriver();
    const r = importWith({ TAIMATSU_CUDA_LIBRARY: lib, FAKE_CUDA_INIT: "100" });
    expect(r).toMatchObject({ available: false, count: 0 });
    expect(r.reason).toBe(
      `the NVIDIA driver (${lib}) found no CUDA device on this machine (CUDA_ERROR_NO_DEVICE (100): no CUDA-capable device is detected). Check nvidia-smi and CUDA_VISIBLE_DEVICES.`,
    );
    expect(r.error).toContain("found no CUDA device");
  });

  it("with a driver older than the shipped PTX needs: names both versions and the driver to install", () => {
    const r = importWith({ TAIMATSU_CUDA_LIBRARY: buildFakeDriver(), FAKE_CUDA_VERSION: "12040" });
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/^the NVIDIA driver is too old: it supports CUDA 12.4, and the kernels need CUDA 13.0 or newer. Install a newer NVIDIA driver \(release 580/);
  });

  it("with a working driver and two devices: registered, with cuda:0 and cuda:1", () => {
    const r = importWith({ TAIMATSU_CUDA_LIBRARY: buildFakeDriver(), FAKE_CUDA_DEVICES: "2" });
    expect(r).toMatchObject({ available: true, count: 2, reason: null, error: "" });
  });

  it("TAIMATSU_CUDA_DISABLE=1 leaves it unregistered and says so", () => {
    const r = importWith({ TAIMATSU_CUDA_LIBRARY: buildFakeDriver(), TAIMATSU_CUDA_DISABLE: "1" });
    expect(r.available).toBe(false);
    expect(r.error).toContain("it was switched off (TAIMATSU_CUDA_DISABLE=1)");
  });

  it("without the addon: unregistered, and the error says how to build it", () => {
    const r = importWith({ TAIMATSU_CUDA_ADDON: "/nonexistent/taimatsu_cuda.node" });
    expect(r.available).toBe(false);
    expect(r.reason).toBe(
      "its native addon is not built (/nonexistent/taimatsu_cuda.node is missing); build it with `npm rebuild @taimatsu/cuda --foreground-scripts` (CMake and a C++17 compiler, no CUDA toolkit)",
    );
  });
});
