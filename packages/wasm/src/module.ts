/**
 * The WebAssembly module: where its bytes come from, how it is instantiated
 * (synchronously in Node, by streaming compilation elsewhere), and the only
 * way the rest of the package reaches its linear memory.
 */

/** The module's exports (native/module.cc). Addresses are offsets into linear memory. */
export interface ModuleExports {
  memory: WebAssembly.Memory;
  __stack_pointer: WebAssembly.Global;
  _initialize(): void;
  tm_args(): number;
  tm_args_length(): number;
  tm_alloc(bytes: number): number;
  tm_free(address: number, bytes: number): void;
  tm_cached_bytes(): number;
  tm_empty_cache(): number;
  tm_after_error(): void;
  tm_kernel_count(): number;
  tm_kernel_name(i: number): number;
  tm_kernel_run(i: number): void;
  tm_set_num_threads(n: number): number;
  tm_num_threads(): number;
  tm_set_conv_direct(on: number): number;
  tm_simd(): number;
}

/** Where the module is shipped: next to this file in dist/. */
export const moduleUrl = new URL("./taimatsu.wasm", import.meta.url);

const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;

let instance: ModuleExports | undefined;
let pending: Promise<ModuleExports> | undefined;

/** Reads a NUL-terminated string out of linear memory. */
export function cString(address: number): string {
  const bytes = new Uint8Array(exports().memory.buffer);
  let end = address;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(address, end));
}

function imports(): WebAssembly.Imports {
  return {
    env: {
      // kernel errors (platform/error.cc): thrown from here, they unwind the wasm frames
      tm_throw(kind: number, address: number, length: number): never {
        const message = new TextDecoder().decode(new Uint8Array(exports().memory.buffer, address, length));
        throw kind === 1 ? new RangeError(message) : new Error(message);
      },
    },
  };
}

function start(module: WebAssembly.Module | WebAssembly.Instance): ModuleExports {
  const inst = module instanceof WebAssembly.Instance ? module : new WebAssembly.Instance(module, imports());
  instance = inst.exports as unknown as ModuleExports;
  instance._initialize();
  return instance;
}

/**
 * Instantiates the module synchronously: from `bytes` when given, else (Node
 * only) by reading the file shipped with the package. Browsers compile only
 * small modules synchronously; there, use `ready()`.
 */
export function initSync(bytes?: BufferSource): ModuleExports {
  if (instance) return instance;
  if (!bytes && !isNode) throw new Error("@taimatsu/wasm: outside Node, initialise with `await ready()` (or pass the module's bytes to initSync)");
  return start(new WebAssembly.Module(bytes ?? (readShipped() as Uint8Array<ArrayBuffer>)));
}

function readShipped(): Uint8Array {
  // process.getBuiltinModule (Node >= 20.16) keeps bundlers from pulling node:fs into browser builds
  const fs = (process as unknown as { getBuiltinModule?(id: string): typeof import("node:fs") }).getBuiltinModule?.("node:fs");
  if (!fs) throw new Error("@taimatsu/wasm: this Node has no process.getBuiltinModule (Node >= 20.16); use `await ready()`");
  try {
    return fs.readFileSync(moduleUrl);
  } catch {
    throw new Error(`@taimatsu/wasm: the WebAssembly module is missing (${moduleUrl.pathname}); build it with \`pnpm --filter @taimatsu/wasm build\``);
  }
}

/**
 * Resolves once the module is instantiated: at once in Node (which loads it
 * at import), else by streaming compilation from `source` (default: the
 * module shipped next to this file).
 */
export function ready(source: string | URL | Response | BufferSource = moduleUrl): Promise<void> {
  if (instance) return Promise.resolve();
  pending ??= instantiate(source);
  return pending.then(() => undefined);
}

async function instantiate(source: string | URL | Response | BufferSource): Promise<ModuleExports> {
  if (isNode && (source === moduleUrl)) return initSync();
  if (typeof source === "string" || source instanceof URL) source = await fetch(source);
  if (source instanceof Response) {
    if (typeof WebAssembly.instantiateStreaming === "function") {
      const { instance: inst } = await WebAssembly.instantiateStreaming(source, imports());
      return instance ?? start(inst);
    }
    source = await source.arrayBuffer();
  }
  const { instance: inst } = await WebAssembly.instantiate(source, imports());
  return instance ?? start(inst);
}

/** The instantiated module; a clear error before `ready()` has resolved. */
export function exports(): ModuleExports {
  if (!instance) throw new Error("@taimatsu/wasm: the WebAssembly module is not ready yet: `await ready()` before creating tensors");
  return instance;
}

export function isReady(): boolean {
  return instance !== undefined;
}

if (isNode) initSync();
