import { ALL, NUMERIC, index, indexValues, op, type OpSpec } from "../op-spec.js";

/** gather / scatter along every dim kind, int64 and int32 indices; scatter targets are distinct so the result is defined. */
export const INDEXING_OPS: readonly OpSpec[] = [
  op("gather(1)", (x, i) => x.gather(1, i), [
    [[3, 4], index([3, 2], 4)],
    [[2, 3], index([2, 5], 3)],
    [[2, 3, 2], index([2, 2, 2], 3)],
    [[2, 3], index([1, 0], 3)],
  ], { dtypes: ALL }),
  op("gather(0)", (x, i) => x.gather(0, i), [[[3, 4], index([2, 4], 3)], [[3, 4], index([2, 3], 3, "int32")], [[5], index([3], 5)]], { dtypes: ALL }),
  op("scatter(1)", (x, i, s) => x.scatter(1, i, s), [
    [[3, 4], indexValues([3, 2], [0, 2, 3, 1, 1, 0]), [3, 2]],
    [[2, 3], indexValues([2, 3], [2, 0, 1, 1, 2, 0]), [2, 3]],
    [[2, 3], indexValues([1, 2], [2, 0]), [1, 2]],
  ], { dtypes: ALL }),
  op("scatter(0, value)", (x, i) => x.scatter(0, i, 2.5), [[[3, 4], indexValues([1, 4], [2, 0, 1, 2])]], { dtypes: NUMERIC }),
  op("scatterAdd(1)", (x, i, s) => x.scatterAdd(1, i, s), [[[3, 4], index([3, 5], 4), [3, 5]], [[2, 3], index([2, 2], 3, "int32"), [2, 2]]], { dtypes: NUMERIC }),
  op("scatterAdd(0)", (x, i, s) => x.scatterAdd(0, i, s), [[[3, 2], index([4, 2], 3), [4, 2]]], { dtypes: NUMERIC }),
];
