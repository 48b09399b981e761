import type { Backend } from "../../backend/backend.js";
import { referenceAllocator } from "./allocator.js";
import { argReduce } from "./kernels/arg-reduce.js";
import { binary } from "./kernels/binary.js";
import { fill } from "./kernels/fill.js";
import { fold2d } from "./kernels/fold2d.js";
import { gather } from "./kernels/gather.js";
import { matmul } from "./kernels/matmul.js";
import { reduce } from "./kernels/reduce.js";
import { scan } from "./kernels/scan.js";
import { scatter } from "./kernels/scatter.js";
import { sort } from "./kernels/sort.js";
import { unary } from "./kernels/unary.js";
import { unfold2d } from "./kernels/unfold2d.js";
import { where } from "./kernels/where.js";
import { adamStepForeach, sgdStepForeach } from "./fused/optimizer-foreach.js";

/**
 * The reference backend: the primitive set in plain TypeScript, written for
 * clarity. It serves "cpu" when no faster backend is loaded and is the oracle
 * that the conformance suite checks other backends against.
 */
export const referenceBackend: Backend = {
  name: "reference",
  deviceType: "cpu",
  priority: 0,
  allocator: referenceAllocator,
  primitives: { unary, binary, where, fill, reduce, argReduce, scan, sort, matmul, gather, scatter, unfold2d, fold2d },
  // the multi-tensor optimizer steps: one call per parameter group instead of a dozen primitive calls per parameter
  fused: { sgdStepForeach, adamStepForeach },
  computeDTypes: ["float32", "float64", "int32", "int64", "uint8", "bool"],
  info: () => ({ description: "pure TypeScript reference kernels" }),
};
