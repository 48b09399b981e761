import { DTYPES, isFloatingPoint, type DType } from "../dtype.js";
import type { ConformanceCase, SuiteContext } from "./case.js";
import { sameBackend } from "./case.js";
import { allocatorCases } from "./checks/allocator.js";
import { backwardCase } from "./checks/backward.js";
import { finiteDifferenceCase } from "./checks/finite-differences.js";
import { forwardCase } from "./checks/forward.js";
import { fusedCoverageCase } from "./checks/fused-coverage.js";
import { inPlaceCase } from "./checks/in-place.js";
import { layoutsCase } from "./checks/layouts.js";
import { OPS } from "./op-table/index.js";
import { lookup } from "./op-table/lookup.js";
import type { OpSpec } from "./op-spec.js";
import { Target } from "./target.js";

export interface ConformanceOptions {
  /** Name of the registered backend under test ("cpu-native", "webgpu"). */
  backend: string;
  /** The oracle backend; "reference" unless you know better. */
  reference?: string;
  /**
   * dtypes the backend supports (default: the backend's declared `dtypes`, else all). Cases in other
   * dtypes are left out, and ops that need another dtype whatever the sweep (a fixed float64 input, a
   * cast to float16) are registered as skipped, naming the dtypes.
   */
  dtypes?: readonly DType[];
  /** Keep only some ops, e.g. `(op) => op.op.startsWith("nn.")` while developing. */
  filter?: (op: OpSpec) => boolean;
  /** More ops to check: a backend's own additions, or ops under development. */
  extraOps?: readonly OpSpec[];
}

/** The dtypes the layout and in-place checks use: one float, plus one integer type when the op takes them. */
function representativeDTypes(op: OpSpec, ctx: SuiteContext): DType[] {
  const usable = op.dtypes.filter((d) => ctx.dtypes.includes(d));
  const float = usable.find((d) => d === "float32") ?? usable.find(isFloatingPoint);
  const integer = usable.find((d) => !isFloatingPoint(d) && d !== "bool");
  return [float, integer].filter((d): d is DType => d !== undefined);
}

/** The dtypes an op needs besides the swept one: its inputs' fixed dtypes and the dtypes it makes. */
function fixedDTypes(op: OpSpec): DType[] {
  const inputs = op.cases.flatMap((c) => c.flatMap((i) => (i.dtype ? [i.dtype] : [])));
  return [...new Set([...inputs, ...(op.makes ?? [])])];
}

function opCases(ctx: SuiteContext, op: OpSpec): ConformanceCase[] {
  const missing = op.requires.filter((p) => lookup(p) === undefined);
  if (missing.length) {
    return [{ path: ["ops", op.label], name: "pending", skip: `torch.${missing.join(", torch.")} not available`, run: async () => {} }];
  }
  const unstored = fixedDTypes(op).filter((d) => !ctx.dtypes.includes(d));
  if (unstored.length) {
    return [{ path: ["ops", op.label], name: "dtypes", skip: `${ctx.target.name} does not store ${unstored.join(", ")}`, run: async () => {} }];
  }
  if (op.readsBack && !ctx.target.backend.allocator.readSync) {
    return [{ path: ["ops", op.label], name: "synchronous read", skip: `${ctx.target.name} reads only asynchronously`, run: async () => {} }];
  }
  const dtypes = op.dtypes.filter((d) => ctx.dtypes.includes(d));
  const cases = dtypes.map((d) => forwardCase(ctx, op, d));
  if (op.layouts) cases.push(...representativeDTypes(op, ctx).map((d) => layoutsCase(ctx, op, d)));
  if (op.inPlace) cases.push(...representativeDTypes(op, ctx).map((d) => inPlaceCase(ctx, op, op.inPlace!, d)));
  if (op.grad) {
    const gradDTypes = dtypes.filter((d) => d === "float32" || d === "float64");
    if (!sameBackend(ctx)) cases.push(...gradDTypes.map((d) => backwardCase(ctx, op, d)));
    if (gradDTypes.includes("float64")) cases.push(finiteDifferenceCase(ctx, op));
  }
  return cases;
}

/**
 * The conformance suite as plain case objects, for runners that want to
 * register them their own way. `runConformance` is the usual entry point.
 */
export function conformanceCases(options: ConformanceOptions): ConformanceCase[] {
  const target = Target.named(options.backend);
  const ctx: SuiteContext = {
    target,
    reference: Target.named(options.reference ?? "reference"),
    dtypes: options.dtypes ?? target.backend.dtypes ?? DTYPES,
  };
  const all = [...OPS, ...(options.extraOps ?? [])];
  const ops = all.filter(options.filter ?? (() => true));
  // coverage asks whether any op of the table reaches each fused kernel, whatever the filter keeps
  return [...allocatorCases(ctx), fusedCoverageCase(ctx, all), ...ops.flatMap((op) => opCases(ctx, op))];
}
