/// <reference types="@webgpu/types" />
/**
 * @taimatsu/webgpu: the WebGPU backend. WGSL kernels for device "webgpu",
 * in browsers (navigator.gpu) and in Node.js through the optional `webgpu`
 * package (Dawn). The backend registers once `init()` finds an adapter:
 *
 *   import * as torch from "@taimatsu/core";
 *   import * as webgpu from "@taimatsu/webgpu";
 *   if (await webgpu.init()) {
 *     const x = torch.randn([4, 4]).to("webgpu");
 *     console.log(await x.exp().sum().itemAsync());
 *   }
 *
 * Kernels are queued and submitted in batches; values come back only
 * asynchronously (`await t.data()`, `await t.itemAsync()`).
 */
import * as torch from "@taimatsu/core";
import { createBackend } from "./backend.js";
import { STORED_DTYPES } from "./kernels/dtype-wgsl.js";
import { DeviceState } from "./runtime/device-state.js";
import { findGpu } from "./runtime/gpu-provider.js";

export interface InitOptions {
  /** The adapter to ask for: "high-performance" (a discrete GPU) or "low-power". */
  powerPreference?: "low-power" | "high-performance";
  /** Device features to require (the call fails if the adapter lacks one). */
  requiredFeatures?: string[];
  /** Device limits to require; by default the adapter's buffer-size limits are requested. */
  requiredLimits?: Record<string, number>;
  /** A GPU object to use instead of navigator.gpu or the webgpu package. */
  gpu?: GPU;
  /** Kernels per submitted command buffer (default 64). */
  flushEvery?: number;
}

let state: DeviceState | null = null;
let adapterInfo: Record<string, unknown> = {};
let unavailable = "await webgpu.init() has not been called (it finds an adapter and registers the backend)";

/** Until init() registers the backend, naming device "webgpu" says why it is missing. */
function markUnavailable(reason: string): void {
  unavailable = reason;
  torch.backends.registerUnavailable("webgpu", "webgpu", reason);
}
markUnavailable(unavailable);

/**
 * Finds a WebGPU adapter, opens a device and registers the "webgpu" backend.
 * Resolves to true when the backend is registered, false when there is no
 * adapter (`webgpu.unavailableReason()` says why). Calling it again while a
 * device is open does nothing.
 */
export async function init(options: InitOptions = {}): Promise<boolean> {
  if (state && !isLost()) return true;
  const found = options.gpu ? { gpu: options.gpu, source: "options.gpu" } : await findGpu();
  if (!found.gpu) {
    markUnavailable("reason" in found ? found.reason : "no GPU");
    return false;
  }
  const adapter = await found.gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  if (!adapter) {
    markUnavailable(`${"source" in found ? found.source : "the GPU"} offers no adapter (no usable GPU, or WebGPU is disabled)`);
    return false;
  }
  const limits: Record<string, number> = {
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    ...options.requiredLimits,
  };
  const device = await adapter.requestDevice({ requiredFeatures: (options.requiredFeatures ?? []) as GPUFeatureName[], requiredLimits: limits });
  state = new DeviceState(device, { flushEvery: options.flushEvery });
  const i = adapter.info;
  adapterInfo = {
    source: "source" in found ? found.source : "",
    vendor: i?.vendor,
    architecture: i?.architecture,
    description: i?.description,
    features: [...adapter.features].sort(),
  };
  torch.backends.registerBackend(createBackend(state, info));
  return true;
}

function isLost(): boolean {
  try {
    state?.checkAlive();
    return false;
  } catch {
    return true;
  }
}

/** Why `init()` resolved to false (or that it was not called). */
export function unavailableReason(): string {
  return state ? "" : unavailable;
}

/** True once `init()` has registered the backend. */
export function isInitialized(): boolean {
  return state !== null;
}

/** Destroys the pooled, unused buffers; returns the bytes released. `torch.backends.emptyCache()` does the same. */
export function emptyCache(): number {
  return state?.emptyCache() ?? 0;
}

/** The adapter, the dtypes stored, pooled memory, pipelines compiled and batches submitted. */
export function info(): Record<string, unknown> {
  if (!state) return { initialized: false, reason: unavailable };
  return {
    initialized: true,
    ...adapterInfo,
    dtypes: [...STORED_DTYPES],
    allocatedBytes: state.pool.liveBytes,
    cachedBytes: state.pool.cachedBytes,
    buffersCreated: state.pool.created,
    pipelines: state.pipelines.size,
    submits: state.stream.submits,
  };
}
