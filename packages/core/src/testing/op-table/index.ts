import type { OpSpec } from "../op-spec.js";
import { BINARY_OPS } from "./binary.js";
import { CONVERSION_OPS } from "./conversion.js";
import { INDEXING_OPS } from "./indexing.js";
import { INPLACE_OPS } from "./inplace.js";
import { JOIN_AND_ACTIVATION_OPS } from "./joins-and-activations.js";
import { LINALG_OPS } from "./linalg.js";
import { NN_FUNCTIONAL_OPS } from "./nn-functional.js";
import { OPTIM_OPS } from "./optim.js";
import { REDUCTION_OPS } from "./reduction.js";
import { SCAN_AND_SORT_OPS } from "./scans-and-sorting.js";
import { SELECTION_OPS } from "./selection.js";
import { PRODUCT_OPS } from "./products.js";
import { MATH_OPS } from "./math.js";
import { UNARY_OPS } from "./unary.js";
import { VIEW_OPS } from "./views.js";

/**
 * Every op the conformance suite checks. To cover a new op, add one line to
 * the file of its kind; the checks (dtypes, layouts, gradients, in-place)
 * follow from the entry.
 */
export const OPS: readonly OpSpec[] = [
  ...UNARY_OPS,
  ...BINARY_OPS,
  ...REDUCTION_OPS,
  ...SCAN_AND_SORT_OPS,
  ...SELECTION_OPS,
  ...PRODUCT_OPS,
  ...MATH_OPS,
  ...VIEW_OPS,
  ...LINALG_OPS,
  ...INDEXING_OPS,
  ...CONVERSION_OPS,
  ...INPLACE_OPS,
  ...JOIN_AND_ACTIVATION_OPS,
  ...NN_FUNCTIONAL_OPS,
  ...OPTIM_OPS,
];
