import { isFloatingPoint, type DType } from "../dtype.js";
import { numel, type Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { Target } from "./target.js";

/**
 * Memory layouts an input can arrive in. Each builds a view over a "leaf"
 * tensor so that the logical values are known on the host; an op must give
 * the same result for the view as for a contiguous tensor of those values.
 * Elements a view skips hold a sentinel (NaN for floats) so a kernel that
 * reads outside the view shows up in its output.
 */
export interface Layout {
  readonly name: LayoutName;
  /** Whether the layout means anything for this shape. */
  applies(shape: Shape): boolean;
  /** The values the view shows (only `expanded` changes them: it repeats row 0). */
  logical(values: Float64Array, shape: Shape): Float64Array;
  /** The leaf tensor (set to require grad by the caller) and the view the op receives. */
  build(target: Target, values: Float64Array, shape: Shape, dtype: DType): { leaf: Tensor; view: (leaf: Tensor) => Tensor };
}

export type LayoutName = "contiguous" | "transposed" | "strided" | "expanded" | "offset";

/** What the elements a view skips hold. */
export function sentinel(dtype: DType): number {
  return isFloatingPoint(dtype) ? NaN : dtype === "bool" ? 1 : 7;
}

const same = (values: Float64Array) => values;

export const CONTIGUOUS: Layout = {
  name: "contiguous",
  applies: () => true,
  logical: same,
  build: (target, values, shape, dtype) => ({ leaf: target.tensor(values, shape, dtype), view: (t) => t }),
};

/** The last two dims swapped in memory: `leaf.transpose(-1, -2)`. */
const TRANSPOSED: Layout = {
  name: "transposed",
  applies: (shape) => shape.length >= 2 && shape.at(-1)! > 1 && shape.at(-2)! > 1,
  logical: same,
  build(target, values, shape, dtype) {
    const rows = shape.at(-2)!;
    const cols = shape.at(-1)!;
    const host = new Float64Array(values.length);
    for (let b = 0; b < values.length; b += rows * cols) {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) host[b + j * rows + i] = values[b + i * cols + j]!;
    }
    const leafShape = [...shape.slice(0, -2), cols, rows];
    return { leaf: target.tensor(host, leafShape, dtype), view: (t) => t.transpose(-1, -2) };
  },
};

/** Every other element of a wider last dim, starting at 1: stride 2 and a storage offset. */
const STRIDED: Layout = {
  name: "strided",
  applies: (shape) => shape.length >= 1,
  logical: same,
  build(target, values, shape, dtype) {
    const n = shape.at(-1)!;
    const width = 2 * n + 1;
    const host = new Float64Array((values.length / Math.max(n, 1)) * width).fill(sentinel(dtype));
    for (let r = 0; r * n < values.length; r++) for (let j = 0; j < n; j++) host[r * width + 1 + 2 * j] = values[r * n + j]!;
    return { leaf: target.tensor(host, [...shape.slice(0, -1), width], dtype), view: (t) => t.slice(-1, 1, null, 2) };
  },
};

/** Row 0 broadcast along dim 0 with stride 0: `leaf.expand(shape)`. */
const EXPANDED: Layout = {
  name: "expanded",
  applies: (shape) => shape.length >= 1 && shape[0]! > 1,
  logical(values, shape) {
    const inner = numel(shape.slice(1));
    return values.map((_, i) => values[i % inner]!);
  },
  build(target, values, shape, dtype) {
    const inner = numel(shape.slice(1));
    return { leaf: target.tensor(values.slice(0, inner), [1, ...shape.slice(1)], dtype), view: (t) => t.expand(shape) };
  },
};

/** Contiguous, but three elements into its storage. */
const OFFSET: Layout = {
  name: "offset",
  applies: () => true,
  logical: same,
  build(target, values, shape, dtype) {
    const host = new Float64Array(values.length + 3).fill(sentinel(dtype));
    host.set(values, 3);
    return { leaf: target.tensor(host, [host.length], dtype), view: (t) => t.narrow(0, 3, values.length).view(shape) };
  },
};

/** Every non-contiguous layout the suite tries. */
export const LAYOUTS: readonly Layout[] = [TRANSPOSED, STRIDED, EXPANDED, OFFSET];
