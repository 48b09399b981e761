import { Tensor } from "../../tensor.js";

/**
 * How a DataLoader worker rebuilds an object. JavaScript cannot pickle a
 * dataset or a transform the way Python's multiprocessing does, so an object
 * that should work in workers describes how to make it again: a module the
 * worker imports, an export in it, and structured-cloneable arguments.
 *
 * - `kind: "new"`: `new Export(...args)` (classes)
 * - `kind: "call"`: `Export(...args)` (factories; may return a promise)
 * - `kind: "value"` (default): the export itself (a function, a constant)
 *
 * Arguments may hold other rebuildable objects and tensors; `toWorkerArg`
 * marks them and the worker rebuilds them first. Shared memory
 * (`SharedArrayBuffer`) passes as is, so big datasets are not copied.
 */
export interface WorkerSpec {
  /** A URL the worker can `import()`; build it with `workerModuleUrl(import.meta.url)`. */
  module: string;
  /** The export's name; a dotted path reaches static members ("CIFAR10.fromShared"). */
  export: string;
  kind?: "new" | "call" | "value";
  args?: unknown[];
}

/** Anything that can describe itself to a worker. */
export interface WorkerRebuildable {
  workerSpec(): WorkerSpec;
}

/** Marks in encoded arguments. */
export interface EncodedSpec {
  $worker: WorkerSpec;
}
export interface EncodedTensor {
  $tensor: { dtype: string; shape: number[]; data: ArrayBufferView };
}

export function isRebuildable(value: unknown): value is WorkerRebuildable {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as WorkerRebuildable).workerSpec === "function";
}

/**
 * The module URL workers import for code in `importMetaUrl`. Compiled code
 * imports itself. A TypeScript source (tests under a TS-aware runner) maps to
 * its compiled twin in the package's `dist/` when that exists, because a plain
 * Node worker cannot load `.ts`; otherwise the source URL is kept, for
 * runtimes whose workers load TypeScript themselves.
 */
export function workerModuleUrl(importMetaUrl: string): string {
  if (!/\.(c|m)?ts$/.test(importMetaUrl)) return importMetaUrl;
  const i = importMetaUrl.lastIndexOf("/src/");
  if (i < 0) return importMetaUrl;
  const compiled = `${importMetaUrl.slice(0, i)}/dist/${importMetaUrl.slice(i + 5).replace(/\.(c|m)?ts$/, ".js")}`;
  return fileExists(compiled) ? compiled : importMetaUrl;
}

/** Whether a file: URL exists; true where there is no file system to ask. */
function fileExists(url: string): boolean {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const fs = getBuiltin?.("node:fs") as { existsSync(p: URL): boolean } | undefined;
  return fs ? fs.existsSync(new URL(url)) : true;
}

/**
 * Makes a module-level function usable in workers (as a transform, a
 * `collateFn` or a `workerInitFn`) by saying where it is exported:
 * `importable(addNoise, import.meta.url)`.
 */
export function importable<F extends (...args: never[]) => unknown>(fn: F, moduleUrl: string, exportName: string = fn.name): F & WorkerRebuildable {
  if (!exportName) throw new TypeError("importable: the function has no name; pass the export's name as the third argument");
  const spec: WorkerSpec = { module: workerModuleUrl(moduleUrl), export: exportName };
  return Object.assign(fn, { workerSpec: () => spec });
}

/**
 * Encodes a value for a worker: rebuildable objects become specs, tensors
 * become typed arrays, arrays and plain objects are walked. Anything else that
 * cannot cross (a closure, a class instance without `workerSpec`) is an error
 * that names where it sits.
 */
export function toWorkerArg(value: unknown, where = "argument"): unknown {
  if (value === null || value === undefined) return value;
  if (isRebuildable(value)) return { $worker: encodeSpec(value.workerSpec()) } satisfies EncodedSpec;
  if (value instanceof Tensor) return encodeTensorArg(value);
  if (typeof value === "function") {
    throw new TypeError(
      `DataLoader workers: ${where} is a function (${value.name || "anonymous"}) that a worker cannot rebuild. ` +
        "Export it from a module and pass importable(fn, import.meta.url) instead, or use numWorkers: 0.",
    );
  }
  if (typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return value;
  if (Array.isArray(value)) return value.map((v, i) => toWorkerArg(v, `${where}[${i}]`));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(
      `DataLoader workers: ${where} is a ${proto?.constructor?.name ?? "class"} instance without workerSpec(), so a worker cannot rebuild it. ` +
        "Give its class a workerSpec() method (see WorkerSpec), or use numWorkers: 0.",
    );
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWorkerArg(v, `${where}.${k}`)]));
}

function encodeSpec(spec: WorkerSpec): WorkerSpec {
  return spec.args ? { ...spec, args: spec.args.map((a, i) => toWorkerArg(a, `${spec.export} argument ${i}`)) } : spec;
}

function encodeTensorArg(t: Tensor): EncodedTensor {
  return { $tensor: { dtype: t.dtype, shape: [...t.shape], data: t.dataSync() } };
}
