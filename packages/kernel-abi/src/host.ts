/**
 * Who runs the C++ kernels: the Node addon (@taimatsu/cpu-native) or the
 * WebAssembly module (@taimatsu/wasm). Both compile the same kernel sources
 * and read the same argument block, so one set of glue serves both; a
 * backend binds it to its host with `bindKernels`.
 */
export interface KernelHost {
  /** The registered backend name that fresh outputs are allocated on. */
  readonly backend: string;
  /** Kernels by name; each reads its arguments from `args` (args.ts). */
  readonly kernels: Readonly<Record<string, () => void>>;
}

let current: KernelHost | undefined;

/** The host of the kernel call now running. */
export function host(): KernelHost {
  if (!current) throw new Error("kernel glue called outside a backend (use bindKernels)");
  return current;
}

/** The kernel `name` of whichever host is running the call. */
export function hostKernel(name: string): () => void {
  return () => {
    const k = host().kernels[name];
    if (!k) throw new Error(`${host().backend}: no native kernel "${name}" (rebuild the backend)`);
    k();
  };
}

/** Runs `f` with `h` as the host; calls nest (a fused kernel may allocate through another op). */
function withHost<R>(h: KernelHost, f: () => R): R {
  const outer = current;
  current = h;
  try {
    return f();
  } finally {
    current = outer;
  }
}

type Fn = (...a: never[]) => unknown;

/** Each function of `table`, running on `h`. */
export function bindKernels<T extends Record<string, Fn>>(h: KernelHost, table: T): T {
  const bound: Record<string, Fn> = {};
  for (const [name, f] of Object.entries(table)) {
    bound[name] = (...a: never[]) => withHost(h, () => f(...a));
  }
  return bound as T;
}
