import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { expectError } from "./expect-error.js";

/**
 * Indexing beyond the PyTorch fixtures (test/indexing-fixtures.test.ts): what
 * the indexer refuses, and where its results share memory with the input.
 */

const grid = () => torch.arange(12).reshape([3, 4]);

describe("index refuses what it cannot take", () => {
  it("names items that are not indices", () => {
    const x = grid();
    expectError(() => x.index(1.5), TypeError, /^index:/, /index 0 is float 1.5/);
    expectError(() => x.index(0, "a" as never), TypeError, /index 1 is string "a"/);
    expectError(() => x.index({ stop: 2 } as never), TypeError, /unknown slice key "stop"/);
    expectError(() => x.index({ start: 0.5 }), TypeError, /slice start at index 0 must be an integer/);
    expectError(() => x.index({ step: 0 }), RangeError, /step must be greater than zero/);
    expectError(() => x.index(new Map() as never), TypeError, /index 0 is Map/);
    expectError(() => x.index(undefined as never), TypeError, /index 0 is undefined/);
    expectError(() => x.index([0, true] as never), TypeError, /all integers or all booleans/);
    expectError(() => x.index("...", "..."), TypeError, /single ellipsis/);
    expectError(() => x.index(torch.tensor([0.5, 1.5])), torch.DTypeError, /int64, int32, bool or uint8/, /float32/);
  });

  it("checks bounds, counting negative indices from the end", () => {
    const x = grid();
    expectError(() => x.index(3), RangeError, /index 3 is out of bounds for dimension 0 with size 3/);
    expectError(() => x.index(torch.slice(), -5), RangeError, /index -5 is out of bounds for dimension 1 with size 4/);
    expectError(() => x.index(torch.slice(), torch.tensor([0, 4])), RangeError, /index 4 is out of bounds for dimension 1 with size 4/);
    expectError(() => x.index(torch.tensor([-4])), RangeError, /index -4 is out of bounds for dimension 0 with size 3/);
    expect(x.index(torch.tensor([-1, -3]), -1).tolist()).toEqual([11, 3]);
    expectError(() => x.index(0, 0, 0), torch.ShapeError, /too many indices for tensor of dimension 2/);
  });

  it("checks the shapes of masks, index tensors and values", () => {
    const x = grid();
    expectError(() => x.index(torch.ones([4], { dtype: "bool" })), torch.ShapeError, /mask \[4\] at index 0 does not match .* \[3, 4\]/);
    expectError(() => x.index([0, 1], [0, 1, 2]), torch.ShapeError, /could not be broadcast together with shapes \[2\], \[3\]/);
    expectError(() => torch.zeros([3, 4]).set([[0, 1]], torch.zeros([3])), torch.ShapeError, /value tensor of shape \[3\] cannot be broadcast to indexing result of shape \[2, 4\]/);
    expectError(() => torch.zeros([3]).indexPut([torch.tensor([0])], torch.ones([1], { dtype: "float64" })), torch.DTypeError, /dtypes match, got float32 for the destination and float64/);
    expectError(() => torch.zeros([3]).indexPut([[0]], torch.ones([1]), { acumulate: true } as never), TypeError, /unexpected keyword argument 'acumulate'/);
  });
});

describe("index results", () => {
  it("a mask or index tensor selects: it is never ignored", () => {
    const x = grid();
    expect(x.index(x.gt(8)).tolist()).toEqual([9, 10, 11]);
    expect(x.index(torch.tensor([2, 0])).tolist()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3]]);
  });

  it("int32 indices select as int64 ones do", () => {
    const x = grid();
    expect(x.index(torch.slice(), torch.tensor([3, 0], { dtype: "int32" })).tolist()).toEqual(x.index(torch.slice(), torch.tensor([3, 0])).tolist());
  });

  it("basic indexing is a view, advanced indexing a copy", () => {
    const x = grid();
    x.index(1, torch.slice(1, 3)).fill_(-1);
    expect(x.index(1).tolist()).toEqual([4, -1, -1, 7]);
    x.index([1]).fill_(100);
    expect(x.index(1).tolist()).toEqual([4, -1, -1, 7]);
  });

  it("set writes through a view into its base", () => {
    const x = torch.zeros([2, 3]);
    x.select(0, 1).set(x.select(0, 1).eq(0), 5);
    expect(x.tolist()).toEqual([[0, 0, 0], [5, 5, 5]]);
  });

  it("set converts values to the tensor's dtype; a lone index needs no array", () => {
    const x = torch.zeros([4], { dtype: "int64" });
    x.set(torch.tensor([1, 3]), 2.7);
    x.set(0, torch.tensor(1.5));
    expect(x.tolist()).toEqual([1, 2, 0, 2]);
  });

  it("set on a leaf that requires grad is refused, as any in-place op", () => {
    const w = torch.zeros([3], { requiresGrad: true });
    expectError(() => w.set([0], 1), torch.AutogradError, /leaf Variable that requires grad/);
  });

  it("gradients of index and set match finite differences", () => {
    const x = torch.randn([3, 4], { dtype: "float64" });
    const v = torch.randn([2], { dtype: "float64" });
    const i = torch.tensor([2, 0, 2]);
    expect(torch.autograd.gradcheck((a) => a.index(i, torch.slice(null, null, 2)), [x.requiresGrad_()])).toBe(true);
    expect(torch.autograd.gradcheck((a, b) => a.clone().set([torch.slice(), [1, 3]], b), [x, v.requiresGrad_()])).toBe(true);
  });
});
