import { noGrad } from "../autograd/grad-mode.js";
import { normalizeDim } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { cat } from "./cat.js";
import { toHost, zerosLike } from "./creation.js";
import { emptyLike } from "./dispatch.js";
import { selectPositions } from "./index-select.js";
import { withTrustedIndices } from "./indexing.js";
import { installMethods } from "./methods.js";
import { cumsum } from "./scan.js";
import { argsort, positionsAlong } from "./sort.js";

/**
 * unique: the distinct elements (or slices along `dim`) in ascending order, with the inverse
 * positions and the counts on request. The output's size depends on the data, so this reads back
 * one byte per element (where each run of equal sorted elements starts), as PyTorch synchronises
 * here too; the sort, the inverse and the gathers stay on the device.
 */

export interface UniqueOptions {
  /** Accepted for PyTorch compatibility: the result is always sorted. */
  sorted?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  /** Unique slices along this dim instead of unique elements of the flattened tensor. */
  dim?: number | null;
}

type UniqueResult = Tensor | [Tensor, Tensor] | [Tensor, Tensor, Tensor];

declare module "../tensor.js" {
  interface Tensor {
    unique(options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
    unique(options: UniqueOptions & { returnInverse: true; returnCounts: true }): [Tensor, Tensor, Tensor];
    unique(options: UniqueOptions & ({ returnInverse: true } | { returnCounts: true })): [Tensor, Tensor];
  }
}

/** int64 tensor on x's backend from host values. */
function int64Like(x: Tensor, values: readonly number[]): Tensor {
  const t = emptyLike(x, [values.length], "int64");
  if (values.length) t.storage.backend.allocator.write(t.storage.buffer, "int64", toHost(values, "int64"), 0, t.storage.deviceIndex);
  return t;
}

/**
 * The order that sorts the rows of `rows` ([n, m]) lexicographically: stable sorts by each column,
 * last column first. Returns the permutation (int64, [n]).
 */
function lexsortRows(rows: Tensor): Tensor {
  const [n, m] = rows.shape as [number, number];
  let perm = positionsAlong(rows, 0).reshape([n]);
  for (let c = m - 1; c >= 0; c--) {
    const key = withTrustedIndices(() => rows.select(1, c).gather(0, perm));
    perm = withTrustedIndices(() => perm.gather(0, argsort(key, { dim: 0 })));
  }
  return perm;
}

export function unique(x: Tensor, o: UniqueOptions = {}): UniqueResult {
  return noGrad(() => {
    const byDim = o.dim != null;
    const d = byDim ? normalizeDim("unique", o.dim!, x.ndim) : 0;
    // rows: one per element, or one per slice along `dim`
    const moved = byDim ? x.movedim(d, 0) : x.reshape([-1, 1]);
    const n = x.ndim === 0 && byDim ? 1 : moved.shape[0]!;
    const rows = moved.reshape([n, moved.shape.slice(1).reduce((a, b) => a * b, 1)]);
    const perm = n === 0 ? int64Like(x, []) : lexsortRows(rows);
    const sorted = withTrustedIndices(() => rows.indexSelect(0, perm));
    // a run starts where a row differs from the one before (NaN differs from everything, as in PyTorch)
    const differs = n <= 1 ? null : sorted.narrow(0, 1, n - 1).ne(sorted.narrow(0, 0, n - 1)).any(1);
    const first = emptyLike(x, [Math.min(n, 1)], "bool").fill_(1);
    const starts = differs ? cat([first, differs]) : first;
    const mask = starts.toArray();
    const positions = mask.flatMap((v, i) => (v ? [i] : []));
    const values = selectPositions(sorted, 0, positions);
    const output = byDim ? values.reshape([positions.length, ...moved.shape.slice(1)]).movedim(0, d) : values.reshape([-1]);
    if (!o.returnInverse && !o.returnCounts) return output;
    const result: Tensor[] = [output];
    if (o.returnInverse) {
      const run = n === 0 ? int64Like(x, []) : cumsum(starts, 0).sub(1);
      const inverse = withTrustedIndices(() => zerosLike(run).scatter(0, perm, run));
      result.push(byDim ? inverse : inverse.reshape(x.shape));
    }
    if (o.returnCounts) result.push(int64Like(x, positions.map((p, i) => (positions[i + 1] ?? n) - p)));
    return result as [Tensor, Tensor] | [Tensor, Tensor, Tensor];
  });
}

installMethods({
  unique(o?: UniqueOptions) { return unique(this, o); },
});
