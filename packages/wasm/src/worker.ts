/**
 * A worker thread of the wasm backend (a worker_threads Worker in Node, a
 * module Web Worker elsewhere), started by threads.ts. It instantiates the
 * threaded module over the shared memory, takes its own stack and
 * thread-local storage, and then runs chunks of kernels for good
 * (native/platform/parallel.cc): tm_worker_loop returns only by an error,
 * after which it is called again.
 */

/** What threads.ts sends: the compiled module, the shared memory, this thread's stack and TLS block. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  stackTop: number;
  tls: number;
}

interface WorkerExports {
  __stack_pointer: WebAssembly.Global;
  __wasm_init_tls(address: number): void;
  tm_worker_started(): void;
  tm_worker_loop(): void;
  tm_worker_trapped(): void;
}

/** A kernel error on this thread: parallel.cc has recorded it for the calling thread, which raises it. */
class Unwind extends Error {}

type Port = { postMessage(message: unknown): void; on?(event: "message", fn: (m: unknown) => void): void };

function parentPort(): Port {
  const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;
  if (isNode) {
    const wt = (process as unknown as { getBuiltinModule(id: string): typeof import("node:worker_threads") }).getBuiltinModule("node:worker_threads");
    return wt.parentPort as unknown as Port;
  }
  return globalThis as unknown as Port;
}

function run(init: WorkerInit, port: Port): void {
  const instance = new WebAssembly.Instance(init.module, {
    env: {
      memory: init.memory,
      tm_throw(): never {
        throw new Unwind();
      },
    },
  });
  const m = instance.exports as unknown as WorkerExports;
  m.__stack_pointer.value = init.stackTop;
  m.__wasm_init_tls(init.tls);
  m.tm_worker_started();
  port.postMessage({ started: true });
  for (;;) {
    try {
      m.tm_worker_loop();
    } catch (e) {
      // the exception skipped the epilogues that restore the stack pointer
      m.__stack_pointer.value = init.stackTop;
      if (!(e instanceof Unwind)) m.tm_worker_trapped();
    }
  }
}

const port = parentPort();
const onMessage = (data: unknown) => {
  try {
    run(data as WorkerInit, port);
  } catch (e) {
    port.postMessage({ error: String(e instanceof Error ? e.message : e) });
  }
};
if (port.on) port.on("message", onMessage);
else (globalThis as unknown as { onmessage: (e: MessageEvent) => void }).onmessage = (e) => onMessage(e.data);
