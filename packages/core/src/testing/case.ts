import type { DType } from "../dtype.js";
import type { Target } from "./target.js";

/**
 * A conformance case as a plain object, independent of any test runner:
 * `run` resolves when the backend conforms and throws a ConformanceError
 * describing every mismatch when it does not.
 */
export interface ConformanceCase {
  /** Groups, outermost first: ["ops", "add"], ["allocator"]. */
  path: readonly string[];
  name: string;
  /** Set when the case cannot run here (its op has not landed in core yet). */
  skip?: string;
  run(): Promise<void>;
}

/** What every check needs to know about the run. */
export interface SuiteContext {
  target: Target;
  reference: Target;
  /** The dtypes the backend under test supports. */
  dtypes: readonly DType[];
}

export function sameBackend(ctx: SuiteContext): boolean {
  return ctx.target.backend === ctx.reference.backend;
}
