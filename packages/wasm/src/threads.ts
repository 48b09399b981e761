/**
 * The worker pool of the threaded module: `n - 1` workers (worker_threads in
 * Node, Web Workers elsewhere) that share the module's memory and take
 * chunks of every kernel with the calling thread (native/platform/parallel.cc;
 * the work is split as cpu-native splits it). Workers start when a thread
 * count above 1 is first needed; until one has started, the calling thread
 * runs every chunk itself, so nothing waits on them. The single-threaded
 * module (no SharedArrayBuffer: a page without cross-origin isolation) keeps
 * one thread.
 */
import { isNode, isReady, loaded, type ModuleExports } from "./module.js";
import type { WorkerInit } from "./worker.js";

const STACK_BYTES = 1 << 20; // as the calling thread's (-z stack-size in the build)

interface PoolWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

const workers: PoolWorker[] = [];
const started: Promise<void>[] = [];
let runningWorkers = 0;
let wanted = 0;
let requested: number | undefined;

/** Threads to use when nothing says otherwise: the CPUs Node may run on, or what the browser reports. */
export function defaultThreads(): number {
  if (isNode) {
    const env = Number(process.env.TAIMATSU_NUM_THREADS);
    if (Number.isInteger(env) && env > 0) return env;
    const os = (process as unknown as { getBuiltinModule(id: string): typeof import("node:os") }).getBuiltinModule("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/**
 * Sets the thread count (the single-threaded module stays at 1), or the
 * count to start with once the module is loaded; workers start at the next kernel.
 */
export function setThreads(n: number | undefined): void {
  if (n !== undefined) requested = n;
  if (!isReady()) return;
  const { exports: m, threaded } = loaded();
  wanted = threaded ? Math.min(requested ?? defaultThreads(), 256) : 1;
  m.tm_set_num_threads(wanted);
}

/** The thread count in use, or to be used once the module is loaded. */
export function threadCount(): number {
  return isReady() ? loaded().exports.tm_num_threads() : requested ?? defaultThreads();
}

/** Starts the workers the thread count asks for and has not got yet. Cheap when there is nothing to do. */
export function startWorkers(): void {
  if (workers.length >= wanted - 1) return;
  const { exports: m, module, memory, threaded } = loaded();
  if (!threaded) return;
  while (workers.length < wanted - 1) spawn(m, module, memory);
}

/** Resolves once every worker asked for so far is taking chunks (or has failed to start). */
export function workersStarted(): Promise<void> {
  startWorkers();
  return Promise.all(started).then(() => undefined);
}

export function workerCount(): number {
  return runningWorkers;
}

function spawn(m: ModuleExports, module: WebAssembly.Module, memory: WebAssembly.Memory): void {
  const tlsSize = m.__tls_size!.value as number;
  const tlsAlign = m.__tls_align!.value as number;
  // blocks that live as long as the worker: its stack and its thread-local storage
  const stack = m.tm_alloc(STACK_BYTES);
  const tls = m.tm_alloc(Math.max(tlsSize, 16) + tlsAlign);
  if (!stack || !tls) throw new RangeError("wasm: out of memory starting a worker thread");
  const init: WorkerInit = { module, memory, stackTop: stack + STACK_BYTES, tls: Math.ceil(tls / tlsAlign) * tlsAlign };
  const url = new URL("./worker.js", import.meta.url);
  let worker: PoolWorker & { on?(event: string, fn: (m: unknown) => void): void; unref?(): void };
  let listen: (fn: (data: unknown) => void) => void;
  if (isNode) {
    const { Worker } = (process as unknown as { getBuiltinModule(id: string): typeof import("node:worker_threads") }).getBuiltinModule("node:worker_threads");
    const w = new Worker(url);
    worker = w;
    // once started, an idle worker must not keep the process alive (unref after the listeners, which ref it)
    listen = (fn) => {
      w.on("message", (data) => {
        fn(data);
        w.unref();
      });
      w.on("error", (e) => fn({ error: e.message }));
    };
  } else {
    const w = new Worker(url, { type: "module" });
    worker = w;
    listen = (fn) => {
      w.addEventListener("message", (e) => fn((e as MessageEvent).data));
      w.addEventListener("error", (e) => fn({ error: (e as ErrorEvent).message || "the worker script did not load" }));
    };
  }
  workers.push(worker);
  started.push(
    new Promise<void>((resolve) => {
      let settled = false;
      listen((data) => {
        const d = data as { started?: boolean; error?: string };
        if (settled) return;
        settled = true;
        if (d.started) runningWorkers++;
        else console.warn(`@taimatsu/wasm: a worker thread failed to start (${d.error}); the calling thread does its share`);
        resolve();
      });
    }),
  );
  worker.postMessage(init);
}
