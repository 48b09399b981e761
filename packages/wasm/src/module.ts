/**
 * The WebAssembly module: which of the two builds runs (threaded where
 * SharedArrayBuffer is available, single-threaded elsewhere), where its bytes
 * come from, how it is instantiated (synchronously in Node, by streaming
 * compilation elsewhere), and the only way the rest of the package reaches
 * its linear memory.
 */

/** The module's exports (native/module.cc). Addresses are offsets into linear memory. */
export interface ModuleExports {
  memory: WebAssembly.Memory;
  __stack_pointer: WebAssembly.Global;
  // the threaded module only: per-thread storage (set up for every thread, this one included)
  __tls_size?: WebAssembly.Global;
  __tls_align?: WebAssembly.Global;
  __wasm_init_tls?(address: number): void;
  _initialize(): void;
  tm_args(): number;
  tm_args_length(): number;
  tm_alloc(bytes: number): number;
  tm_free(address: number, bytes: number): void;
  tm_cached_bytes(): number;
  tm_empty_cache(): number;
  tm_heap_bytes(): number;
  tm_worker_chunks(): number;
  tm_after_error(): void;
  tm_kernel_count(): number;
  tm_kernel_name(i: number): number;
  tm_kernel_run(i: number): void;
  tm_set_num_threads(n: number): number;
  tm_num_threads(): number;
  tm_set_conv_direct(on: number): number;
  tm_simd(): number;
}

/** The instantiated module and what worker threads need to join it. */
export interface Loaded {
  exports: ModuleExports;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  threaded: boolean;
}

export const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;

/**
 * Threads need SharedArrayBuffer, which browsers give only to cross-origin
 * isolated pages; Node always has it.
 */
export const canThread = typeof SharedArrayBuffer !== "undefined" && (isNode || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);

/** Where the modules are shipped: next to this file in dist/. */
export const moduleUrl = new URL(canThread ? "./taimatsu-threads.wasm" : "./taimatsu.wasm", import.meta.url);

/** The linked memory's first 16 MiB (--initial-memory in the build); it grows from there up to 4 GiB. */
const INITIAL_PAGES = 256;
const MAX_PAGES = 65536;

let current: Loaded | undefined;
let pending: Promise<Loaded> | undefined;

/** Reads a NUL-terminated string out of linear memory. */
export function cString(address: number): string {
  const bytes = new Uint8Array(exports().memory.buffer);
  let end = address;
  while (bytes[end] !== 0) end++;
  return decode(bytes, address, end - address);
}

// TextDecoder refuses views of shared memory: copy first
function decode(bytes: Uint8Array, address: number, length: number): string {
  return new TextDecoder().decode(bytes.slice(address, address + length));
}

function imports(memory: WebAssembly.Memory | undefined): WebAssembly.Imports {
  return {
    env: {
      ...(memory ? { memory } : {}),
      // kernel errors (platform/error.cc): thrown from here, they unwind the wasm frames
      tm_throw(kind: number, address: number, length: number): never {
        const message = decode(new Uint8Array(exports().memory.buffer), address, length);
        throw kind === 1 ? new RangeError(message) : new Error(message);
      },
    },
  };
}

function sharedMemory(module: WebAssembly.Module): WebAssembly.Memory | undefined {
  const wantsMemory = WebAssembly.Module.imports(module).some((i) => i.kind === "memory");
  return wantsMemory ? new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true }) : undefined;
}

function start(module: WebAssembly.Module, inst: WebAssembly.Instance, memory: WebAssembly.Memory | undefined): Loaded {
  const raw = inst.exports as unknown as ModuleExports;
  const exports: ModuleExports = memory ? { ...raw, memory } : raw;
  current = { exports, module, memory: exports.memory, threaded: memory !== undefined };
  exports._initialize();
  if (exports.__wasm_init_tls) {
    // the calling thread's thread-local storage, as every worker gets its own
    const align = exports.__tls_align!.value as number;
    const tls = exports.tm_alloc(Math.max(exports.__tls_size!.value as number, 16) + align);
    exports.__wasm_init_tls(Math.ceil(tls / align) * align);
  }
  onLoad?.(current);
  return current;
}

/** Called once the module runs (index.ts sets the thread count there). */
let onLoad: ((l: Loaded) => void) | undefined;
export function whenLoaded(fn: (l: Loaded) => void): void {
  onLoad = fn;
  if (current) fn(current);
}

function instantiateSync(module: WebAssembly.Module): Loaded {
  const memory = sharedMemory(module);
  return start(module, new WebAssembly.Instance(module, imports(memory)), memory);
}

/**
 * Instantiates the module synchronously: from `bytes` when given, else (Node
 * only) by reading the file shipped with the package. Browsers compile only
 * small modules synchronously; there, use `ready()`.
 */
export function initSync(bytes?: BufferSource): ModuleExports {
  if (current) return current.exports;
  if (!bytes && !isNode) throw new Error("@taimatsu/wasm: outside Node, initialise with `await ready()` (or pass the module's bytes to initSync)");
  return instantiateSync(new WebAssembly.Module(bytes ?? (readShipped() as Uint8Array<ArrayBuffer>))).exports;
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
 * module shipped next to this file, threaded when the page is cross-origin
 * isolated). A module from elsewhere is threaded if it imports its memory.
 */
export function load(source: string | URL | Response | BufferSource = moduleUrl): Promise<Loaded> {
  if (current) return Promise.resolve(current);
  pending ??= instantiate(source);
  return pending;
}

async function instantiate(source: string | URL | Response | BufferSource): Promise<Loaded> {
  if (isNode && source === moduleUrl) {
    initSync();
    return current!;
  }
  if (typeof source === "string" || source instanceof URL) source = await fetch(source);
  const module =
    source instanceof Response
      ? typeof WebAssembly.compileStreaming === "function"
        ? await WebAssembly.compileStreaming(source)
        : await WebAssembly.compile(await source.arrayBuffer())
      : await WebAssembly.compile(source);
  if (current) return current;
  const memory = sharedMemory(module);
  return start(module, await WebAssembly.instantiate(module, imports(memory)), memory);
}

/** The instantiated module; a clear error before `ready()` has resolved. */
export function loaded(): Loaded {
  if (!current) throw new Error("@taimatsu/wasm: the WebAssembly module is not ready yet: `await ready()` before creating tensors");
  return current;
}

export function exports(): ModuleExports {
  return loaded().exports;
}

export function isReady(): boolean {
  return current !== undefined;
}
