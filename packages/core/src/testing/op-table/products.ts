import * as torch from "../../index.js";
import { ALL, NUMERIC, op, type OpSpec } from "../op-spec.js";

/** Diagonals, triangles, rolls and the products built on matmul, with batches, broadcasting and empty results. */
export const PRODUCT_OPS: readonly OpSpec[] = [
  op("tril", (x) => x.tril(), [[[3, 4]], [[2, 3, 2]], [[0, 3]]], { dtypes: ALL }),
  op("triu(-1)", (x) => x.triu(-1), [[[4, 3]]], { dtypes: ALL }),
  op("diagonal(1, 0, 2)", (x) => x.diagonal(1, 0, 2), [[[3, 2, 4]]], { dtypes: ALL }),
  op("diagonal(-1)", (x) => x.diagonal(-1), [[[3, 4]], [[2, 5]]], { dtypes: ALL }),
  op("diagEmbed", (x) => x.diagEmbed(), [[[2, 3]], [[4]]], { dtypes: ALL }),
  op("diagEmbed(1, 0, 2)", (x) => x.diagEmbed(1, 0, 2), [[[2, 3]]], { dtypes: NUMERIC }),
  op("diag", (x) => x.diag(), [[[3]], [[3, 4]]], { dtypes: ALL }),
  op("diag(-1)", (x) => x.diag(-1), [[[3]], [[4, 3]]], { dtypes: NUMERIC }),
  op("trace", (x) => x.trace(), [[[3, 4]], [[4, 2]]], { dtypes: NUMERIC }),
  op("roll(2)", (x) => x.roll(2), [[[3, 4]], [[]], [[0, 2]]], { dtypes: ALL }),
  op("roll([1, -2], [0, 1])", (x) => x.roll([1, -2], [0, 1]), [[[3, 4]]], { dtypes: ALL }),
  op("rot90", (x) => x.rot90(), [[[2, 3]], [[2, 3, 4]]], { dtypes: ALL }),
  op("rot90(3, [1, 2])", (x) => x.rot90(3, [1, 2]), [[[2, 3, 4]]], { dtypes: ALL }),
  op("meshgrid", (a, b) => torch.meshgrid([a, b]), [[[3], [2]], [[0], [2]]], { dtypes: ALL }),
  op("meshgrid(xy)", (a, b, c) => torch.meshgrid([a, b, c], { indexing: "xy" }), [[[3], [2], [4]]], { dtypes: NUMERIC }),
  op("tensordot", (a, b) => a.tensordot(b), [[[2, 3, 4], [3, 4, 2]]], { dtypes: NUMERIC }),
  op("tensordot([[0], [1]])", (a, b) => a.tensordot(b, [[0], [1]]), [[[3, 2], [4, 3]]], { dtypes: NUMERIC }),
  op("einsum(ij,jk->ik)", (a, b) => torch.einsum("ij,jk->ik", a, b), [[[2, 3], [3, 4]], [[2, 0], [0, 3]]], { dtypes: NUMERIC }),
  op("einsum(bij,bkj->bik)", (a, b) => torch.einsum("bij,bkj->bik", a, b), [[[2, 3, 4], [2, 5, 4]], [[1, 3, 4], [2, 5, 4]]]),
  op("einsum(ii->i)", (a) => torch.einsum("ii->i", a), [[[3, 3]]], { dtypes: NUMERIC }),
  op("einsum(...ij->...ji)", (a) => torch.einsum("...ij->...ji", a), [[[2, 3, 4]], [[3, 4]]]),
  op("einsum(ij,jk,kl)", (a, b, c) => torch.einsum("ij,jk,kl", a, b, c), [[[2, 3], [3, 4], [4, 2]]]),
  op("einsum(i,j)", (a, b) => torch.einsum("i,j", a, b), [[[3], [4]]]),
  op("kron", (a, b) => a.kron(b), [[[2, 3], [3, 2]], [[2], [2, 3]]], { dtypes: NUMERIC }),
  op("addmm", (x, a, b) => x.addmm(a, b, { beta: 0.5, alpha: 2 }), [[[2, 4], [2, 3], [3, 4]], [[4], [2, 3], [3, 4]]]),
  op("addbmm", (x, a, b) => x.addbmm(a, b), [[[2, 4], [3, 2, 5], [3, 5, 4]]]),
  // beta * x - a @ b cancels, and in float16 the product and each scaled term are rounded before the sum
  op("baddbmm", (x, a, b) => x.baddbmm(a, b, { beta: 1.5, alpha: -1 }), [[[3, 2, 4], [3, 2, 5], [3, 5, 4]], [[1, 4], [3, 2, 5], [3, 5, 4]]], { tolerance: 3 }),
  op("cross", (a, b) => a.cross(b, 1), [[[4, 3], [4, 3]], [[2, 3], [1, 3]]], { dtypes: NUMERIC }),
  op("cdist", (a, b) => torch.cdist(a, b), [[[4, 3], [5, 3]], [[2, 3, 2], [2, 4, 2]]], { dtypes: ["float32", "float64"] }),
  op("cdist(1.5)", (a, b) => torch.cdist(a, b, 1.5), [[[4, 3], [5, 3]]], { dtypes: ["float32", "float64"], tolerance: 4 }),
];
