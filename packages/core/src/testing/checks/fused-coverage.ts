import type { ConformanceCase, SuiteContext } from "../case.js";
import { ConformanceError } from "../compare.js";
import type { OpSpec } from "../op-spec.js";

/**
 * Every fused kernel the backend registers must be reached by some op in the
 * table; otherwise nothing compares it with the decomposition it replaces.
 */
export function fusedCoverageCase(ctx: SuiteContext, ops: readonly OpSpec[]): ConformanceCase {
  return {
    path: ["backend"],
    name: "every fused kernel is exercised by a conformance op",
    run: async () => {
      const covered = new Set(ops.flatMap((o) => [...o.fused, o.op, o.op.split(".").at(-1)!]));
      const missing = Object.keys(ctx.target.backend.fused ?? {}).filter((name) => !covered.has(name));
      if (missing.length) {
        throw new ConformanceError(
          `${ctx.target.name} registers fused kernels no conformance op reaches: ${missing.join(", ")}. ` +
            "Add an op to the table in src/testing/op-table/ and list the kernel in its `fused` option.",
        );
      }
    },
  };
}
