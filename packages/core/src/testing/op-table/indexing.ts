import * as torch from "../../index.js";
import { ALL, NUMERIC, index, indexValues, inplace, mask, op, type OpSpec } from "../op-spec.js";

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
  // advanced indexing: index tensors, masks and slices mixed, read and written
  op("index(:, i, j) adjacent", (x, i, j) => x.index(torch.slice(), i, j), [[[2, 4, 3], index([2, 1], 4), index([5], 3)]], { dtypes: ALL }),
  op("index(i, ::2, j) separated", (x, i, j) => x.index(i, torch.slice(null, null, 2), j), [[[3, 5, 4], index([2], 3), index([2], 4)]], { dtypes: ALL }),
  op("index(mask)", (x, m) => x.index(m), [[[3, 4], mask([3, 4])], [[3, 4, 2], mask([3])]], { dtypes: ALL, readsBack: true }),
  op("set(i, value)", (x, i, v) => x.clone().set([torch.slice(), i], v), [[[3, 4], indexValues([2], [3, 1]), [3, 1]]], { dtypes: ALL }),
  inplace("indexPut_(i, j)", (x, i, j, v) => x.indexPut_([i, j], v), (x, i, j, v) => x.indexPut([i, j], v), [[[3, 4], indexValues([2], [2, 0]), indexValues([2], [1, 3]), [2]]], { dtypes: ALL }),
  op("indexPut(i, accumulate)", (x, i, v) => x.indexPut([i], v, { accumulate: true }), [[[4, 3], indexValues([5], [0, 2, 0, 3, 0]), [5, 3]]], { dtypes: NUMERIC }),
];
