import type { Backend, PrimitiveKernels } from "../backend/backend.js";
import { getBackendByName, listBackends, registerBackend } from "../backend/registry.js";
import { noGrad } from "../autograd/grad-mode.js";
import { forgetScalars } from "../ops/dispatch.js";
import { drawInputs } from "./evaluate.js";
import type { OpSpec } from "./op-spec.js";
import { Target } from "./target.js";

/** What one forward call of an op asks of a backend. */
export interface OpTrace {
  /** Primitive kernel calls in order: "binary:add", "reduce:sum", "matmul". */
  primitives: string[];
  /** Fused-kernel names the op looked up (a backend providing one would run it instead of `primitives`). */
  fused: string[];
}

const TRACE = "op-trace";
let calls: string[] | null = null;
let lookups: string[] | null = null;

function describeCall(name: string, args: unknown[]): string {
  return typeof args[0] === "string" ? `${name}:${args[0]}` : name;
}

/** The reference kernels on a device of their own, recording each call and each fused-kernel lookup. */
function tracingBackend(): Backend {
  const reference = getBackendByName("reference");
  const primitives = Object.fromEntries(
    Object.entries(reference.primitives).map(([name, kernel]) => [
      name,
      (...args: unknown[]) => {
        calls?.push(describeCall(name, args));
        return (kernel as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as PrimitiveKernels;
  // a lookup that always misses, so the decomposition runs and is traced too
  const fused = new Proxy({}, { get: (_t, key) => void (typeof key === "string" && lookups?.push(key)) });
  return { ...reference, name: TRACE, deviceType: TRACE, priority: 0, primitives, fused, info: () => ({ description: "records kernel calls for docs/op-coverage.md" }) };
}

function target(): Target {
  if (!listBackends().some((b) => b.name === TRACE)) registerBackend(tracingBackend());
  return Target.named(TRACE);
}

/** Runs the first case of `op` once (float32 when it takes floats) and reports the kernels its forward pass used. */
export function traceOp(op: OpSpec): OpTrace {
  const t = target();
  const dtype = op.dtypes.includes("float32") ? "float32" : op.dtypes[0]!;
  const inputs = drawInputs(op, 0, dtype).map((x) => t.tensor(x.values, x.spec.shape, x.dtype));
  // constants cached by earlier ops would hide this op's fills
  forgetScalars(getBackendByName(TRACE));
  calls = [];
  lookups = [];
  try {
    // an in-place op is traced without the clone its conformance cases add
    t.run(() => noGrad(() => (op.inPlace ? op.inPlace.apply(inputs[0]!, ...inputs.slice(1)) : op.fn(...inputs))));
    return { primitives: calls, fused: [...new Set(lookups)] };
  } finally {
    calls = null;
    lookups = null;
  }
}

/** The name `traceOp`'s backend is registered under, for tools that list backends. */
export const TRACE_BACKEND_NAME = TRACE;
