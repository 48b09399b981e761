import * as torch from "../../index.js";
import { ALL, NUMERIC, fixed, index, indexValues, mask, op, type OpSpec } from "../op-spec.js";

/** Selection by masks and flat positions, with broadcast masks, empty selections and 0-dim inputs. */
export const SELECTION_OPS: readonly OpSpec[] = [
  op("maskedFill(tensor value)", (x, m, v) => x.maskedFill(m, v.sum()), [[[2, 3], mask([2, 3]), [1]], [[2, 3], mask([3]), [1]]], { dtypes: NUMERIC }),
  op("maskedSelect", (x, m) => x.maskedSelect(m), [[[3, 4], mask([3, 4])], [[3], mask([2, 3])], [[], mask([])], [[0, 2], mask([0, 2])]], { dtypes: ALL, readsBack: true }),
  op("maskedScatter", (x, m, s) => x.maskedScatter(m, s), [[[2, 3], mask([2, 3]), [7]], [[2, 3], mask([3]), [2, 4]]], { dtypes: ALL }),
  op("nonzero", (x) => x.nonzero(), [[[3, 4]], [[]], [[0, 2]], [fixed([0, 1.5, 0, -2])]], { dtypes: ALL, grad: false, readsBack: true }),
  op("nonzero(asTuple)", (x) => torch.nonzero(x, { asTuple: true }), [[[2, 3, 2]], [[]]], { dtypes: ALL, grad: false, readsBack: true }),
  op("argwhere", (x) => x.argwhere(), [[[3, 2]]], { dtypes: NUMERIC, grad: false, readsBack: true }),
  op("where(condition)", (m) => torch.where(m), [[mask([3, 4])], [mask([5])]], { dtypes: ["bool"], grad: false, readsBack: true }),
  op("take", (x, i) => x.take(i), [[[3, 4], index([2, 3], 12)], [[5], indexValues([2], [-1, -5])], [[], index([3], 1)]], { dtypes: ALL }),
  op("takeAlongDim(1)", (x, i) => x.takeAlongDim(i, 1), [[[3, 4], index([3, 2], 4)], [[3, 4], index([1, 5], 4)]], { dtypes: ALL }),
  op("takeAlongDim", (x, i) => x.takeAlongDim(i), [[[2, 3], index([4], 6)]], { dtypes: NUMERIC }),
];
