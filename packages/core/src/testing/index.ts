/**
 * `@taimatsu/core/testing`: the conformance suite every backend runs. See
 * docs/backends.md ("Running the conformance suite").
 */
export { runConformance, type TestApi } from "./run-conformance.js";
export { conformanceCases, type ConformanceOptions } from "./cases.js";
export type { ConformanceCase } from "./case.js";
export { ConformanceError } from "./compare.js";
export { OPS } from "./op-table/index.js";
export {
  op, unary, binary, inplace, index, indexValues, mask, constant, fixed,
  FLOAT, INT, NUMERIC, ALL, UNARY_CASES, BINARY_CASES,
  type OpSpec, type OpOptions, type InputSpec, type OpOutput,
} from "./op-spec.js";
export { FORWARD_TOLERANCE, FINITE_DIFFERENCE, type Tolerance } from "./tolerance.js";
export { POSITIVE, NONZERO, type Domain } from "./host-values.js";
export { traceOp, TRACE_BACKEND_NAME, type OpTrace } from "./trace-op.js";
export { fuzz, mutate, FuzzFailure, type FuzzOptions, type FuzzReport } from "./fuzz.js";
export { createQueuedBackend, registerQueuedBackend, type QueuedBackend, type QueuedBackendOptions } from "./queued-backend.js";
