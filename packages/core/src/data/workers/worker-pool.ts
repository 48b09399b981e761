import type { Worker } from "node:worker_threads";
import { workerModuleUrl } from "./worker-spec.js";
import type { FromWorker, ToWorker, WorkerConfig } from "./worker-protocol.js";

type WorkerThreads = typeof import("node:worker_threads");

/**
 * Node's worker_threads, looked up when a pool starts rather than imported,
 * so nothing on core's import graph needs a Node built-in and core bundles
 * for browsers. Where there is none, loading in the calling thread is the way.
 */
export function workerThreads(): WorkerThreads {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const mod = proc?.getBuiltinModule?.("node:worker_threads") as WorkerThreads | undefined;
  if (!mod) {
    throw new Error(
      "DataLoader: numWorkers > 0 runs its workers on Node.js worker_threads (Node.js 20.16 or later), which this runtime does not have. " +
        "Use numWorkers: 0 here (in a browser, the batches then load in the page's thread).",
    );
  }
  return mod;
}

/** Who hears from the workers: the iterator of the current epoch. */
export interface PoolListener {
  message(workerId: number, msg: FromWorker): void;
  failure(workerId: number, error: Error): void;
}

/**
 * The worker threads of one DataLoader. Workers are unref'd except while the
 * main thread awaits a batch, so an abandoned loader never keeps the process
 * alive; an exit that nobody asked for is reported as a failure, so a crashed
 * worker is an error, not a hang.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private listener: PoolListener | null = null;
  /** A failure that happened while nobody listened (between epochs). */
  private pendingFailure: Error | null = null;
  private closing = false;

  constructor(configs: readonly WorkerConfig[]) {
    const { Worker } = workerThreads();
    const entry = new URL("./worker-main.js", workerModuleUrl(import.meta.url));
    this.workers = configs.map((config) => this.spawn(Worker, entry, config));
  }

  get size(): number {
    return this.workers.length;
  }

  get isClosed(): boolean {
    return this.closing;
  }

  private spawn(WorkerClass: WorkerThreads["Worker"], entry: URL, config: WorkerConfig): Worker {
    const id = config.workerId;
    const worker = new WorkerClass(entry, { workerData: config });
    worker.unref();
    worker.on("message", (msg: FromWorker) => this.listener?.message(id, msg));
    worker.on("error", (e) => this.fail(id, crashError(id, e, entry)));
    worker.on("exit", (code) => {
      if (!this.closing) this.fail(id, new Error(`DataLoader worker ${id} exited unexpectedly with exit code ${code}; the batches it held are lost`));
    });
    return worker;
  }

  private fail(id: number, error: Error): void {
    if (this.closing) return;
    if (this.listener) this.listener.failure(id, error);
    else this.pendingFailure ??= error;
  }

  /** Starts delivering to `listener`; throws a failure that happened while idle. */
  listen(listener: PoolListener | null): void {
    if (listener && this.pendingFailure) throw this.pendingFailure;
    this.listener = listener;
  }

  post(workerId: number, msg: ToWorker): void {
    this.workers[workerId]!.postMessage(msg);
  }

  /** Keeps the process alive while the main thread waits on the workers. */
  hold(held: boolean): void {
    for (const w of this.workers) {
      if (held) w.ref();
      else w.unref();
    }
  }

  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.listener = null;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function crashError(id: number, e: unknown, entry: URL): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const hint =
    (err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND"
      ? ` (workers run compiled JavaScript, here ${entry.pathname}: build the packages first, e.g. pnpm build)`
      : "";
  const out = new Error(`DataLoader worker ${id} crashed: ${err.message}${hint}`, { cause: err });
  if (err.stack) out.stack = `${out.stack}\nOriginal stack (in the worker):\n${err.stack}`;
  return out;
}
