import { args, type KernelHost } from "@taimatsu/kernel-abi";
import { cString, exports } from "./module.js";
import { startWorkers } from "./threads.js";

/**
 * Runs kernel `index` on the arguments in the shared block. The block lives
 * in JS memory, so it is copied into the module's own block first (through a
 * view made now: memory may have grown since the last call). A kernel error
 * arrives as a JS exception thrown through the wasm frames, which skips the
 * epilogues that restore the C stack pointer: it is put back here, and the
 * module releases what the kernel had allocated (platform/heap.cc).
 */
function run(index: number): void {
  startWorkers();
  const m = exports();
  new Float64Array(m.memory.buffer, m.tm_args(), args.length).set(args);
  const sp = m.__stack_pointer.value as number;
  try {
    m.tm_kernel_run(index);
  } catch (e) {
    m.__stack_pointer.value = sp;
    m.tm_after_error();
    throw e;
  }
}

/** The kernels the module registered, by name. */
function kernelTable(): Record<string, () => void> {
  const m = exports();
  if (m.tm_args_length() < args.length) throw new Error("@taimatsu/wasm: the module's argument block is smaller than the glue's; rebuild it");
  const table: Record<string, () => void> = {};
  for (let i = 0; i < m.tm_kernel_count(); i++) table[cString(m.tm_kernel_name(i))] = () => run(i);
  return table;
}

let table: Record<string, () => void> | undefined;

/** The host for the shared kernel glue; the table is read from the module on first use (after `ready()`). */
export const wasmHost: KernelHost = {
  backend: "wasm",
  get kernels() {
    return (table ??= kernelTable());
  },
};
