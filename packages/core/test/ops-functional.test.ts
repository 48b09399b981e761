import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/** torch.* functional forms (values against hand-computed results) and isclose / allclose / equal. */

const x = torch.tensor([[1, -2, 3], [-4, 5, -6]], { dtype: "float64" });
const y = torch.tensor([2, 2, 2], { dtype: "float64" });

describe("functional forms", () => {
  const CASES: [string, () => unknown, unknown][] = [
    ["add alpha", () => torch.add(x, y, { alpha: 2 }).tolist(), [[5, 2, 7], [0, 9, -2]]],
    ["sub", () => torch.sub(x, 1).tolist(), [[0, -3, 2], [-5, 4, -7]]],
    ["rsub", () => torch.rsub(y, 1).tolist(), [-1, -1, -1]],
    ["mul", () => torch.mul(x, y).tolist(), [[2, -4, 6], [-8, 10, -12]]],
    ["div floor", () => torch.div(x, y, { roundingMode: "floor" }).tolist(), [[0, -1, 1], [-2, 2, -3]]],
    ["pow", () => torch.pow(y, 3).tolist(), [8, 8, 8]],
    ["pow number base", () => torch.pow(2, torch.tensor([0, 1, 3])).tolist(), [1, 2, 8]],
    ["neg abs sign", () => [torch.neg(y).tolist(), (torch.abs(x).tolist() as number[][])[1], (torch.sign(x).tolist() as number[][])[0]], [[-2, -2, -2], [4, 5, 6], [1, -1, 1]]],
    ["sqrt rsqrt square", () => [torch.sqrt(torch.tensor([4, 9])).tolist(), torch.rsqrt(torch.tensor([4.0, 0.25])).tolist(), torch.square(y).tolist()], [[2, 3], [0.5, 2], [4, 4, 4]]],
    ["exp log", () => [torch.exp(torch.tensor([0])).item(), torch.log(torch.tensor([1])).item()], [1, 0]],
    ["floor ceil round trunc", () => [torch.floor, torch.ceil, torch.round, torch.trunc].map((f) => f(torch.tensor([-1.5, 0.5, 2.5])).tolist()), [[-2, 0, 2], [-1, 1, 3], [-2, 0, 2], [-1, 0, 2]]],
    ["clamp", () => torch.clamp(x, -3, 3).tolist(), [[1, -2, 3], [-3, 3, -3]]],
    ["maximum minimum", () => [(torch.maximum(x, y).tolist() as number[][])[1], (torch.minimum(x, y).tolist() as number[][])[0]], [[2, 5, 2], [1, -2, 2]]],
    ["comparisons", () => [torch.eq, torch.ne, torch.lt, torch.le, torch.gt, torch.ge].map((f) => f(y, torch.tensor([1, 2, 3], { dtype: "float64" })).tolist()), [
      [false, true, false], [true, false, true], [false, false, true], [false, true, true], [true, false, false], [true, true, false],
    ]],
    ["logic", () => {
      const a = torch.tensor([true, true, false]);
      const b = torch.tensor([true, false, false]);
      return [torch.logicalAnd(a, b).tolist(), torch.logicalOr(a, b).tolist(), torch.logicalXor(a, b).tolist(), torch.logicalNot(a).tolist()];
    }, [[true, false, false], [true, true, false], [false, true, false], [false, false, true]]],
    ["sum mean prod", () => [torch.sum(x).item(), torch.sum(x, 1).tolist(), torch.mean(y).item(), torch.prod(x, 0).tolist()], [-3, [2, -5], 2, [-4, -10, -18]]],
    ["var std", () => [torch.var(torch.tensor([1, 2, 3, 4], { dtype: "float64" })).item(), torch.std(torch.tensor([2, 4], { dtype: "float64" }), null, { correction: 0 }).item()], [5 / 3, 1]],
    ["amax amin argmax argmin", () => [torch.amax(x, 1).tolist(), torch.amin(x).item(), torch.argmax(x).item(), torch.argmin(x, 1).tolist()], [[3, 5], -6, 4, [1, 2]]],
    ["max min overloads", () => {
      const [v, i] = torch.max(x, 1);
      return [torch.max(x).item(), v!.tolist(), i!.tolist(), (torch.min(x, y).tolist() as number[][])[0], torch.min(x, 0, { keepdim: true }).values.tolist()];
    }, [5, [3, 5], [2, 1], [1, -2, 2], [[-4, -2, -6]]]],
    ["logsumexp", () => torch.logsumexp(torch.tensor([0, 0], { dtype: "float64" }), 0).item(), Math.LN2],
    ["all any", () => [torch.all(torch.tensor([1, 0])).item(), torch.any(torch.tensor([1, 0])).item()], [0, 1]],
    ["norm", () => torch.norm(torch.tensor([3, 4], { dtype: "float64" })).item(), 5],
    ["mm bmm", () => [torch.mm(x, x.t()).tolist(), torch.bmm(x.unsqueeze(0), y.reshape(1, 3, 1)).tolist()], [[[14, -32], [-32, 77]], [[[4], [-10]]]]],
    ["dot mv outer", () => [torch.dot(y, y).item(), torch.mv(x, y).tolist(), torch.outer(torch.tensor([1, 2]), torch.tensor([3, 4])).tolist()], [12, [4, -10], [[3, 4], [6, 8]]]],
    ["transpose permute t", () => [torch.transpose(x, 0, 1).shape, torch.permute(x.unsqueeze(0), [2, 0, 1]).shape, (torch.t(x).tolist() as number[][])[0]], [[3, 2], [3, 1, 2], [1, -4]]],
    ["reshape flatten squeeze unsqueeze", () => [torch.reshape(x, [3, 2]).shape, torch.flatten(x).shape, torch.squeeze(x.unsqueeze(0)).shape, torch.unsqueeze(y, 1).shape], [[3, 2], [6], [2, 3], [3, 1]]],
    ["narrow select unbind", () => [torch.narrow(x, 1, 1, 2).tolist(), torch.select(x, 1, 0).tolist(), torch.unbind(x).length], [[[-2, 3], [5, -6]], [1, -4], 2]],
    ["split chunk", () => [torch.split(y, 2).length, torch.chunk(x, 3, 1).map((t) => t.shape)], [2, [[2, 1], [2, 1], [2, 1]]]],
    ["cat stack concat", () => [torch.cat([y, y]).shape, torch.stack([y, y]).shape, torch.concat([x, x], 1).shape, torch.concatenate([y]).shape], [[6], [2, 3], [2, 6], [3]]],
    ["gather scatter", () => [
      torch.gather(x, 1, torch.tensor([[2], [0]])).tolist(),
      torch.scatter(torch.zeros([3]), 0, torch.tensor([1]), 7).tolist(),
      torch.scatterAdd(torch.zeros([2]), 0, torch.tensor([1, 1]), torch.ones([2])).tolist(),
    ], [[[3], [-4]], [0, 7, 0], [0, 2]]],
    ["flip tile indexSelect", () => [torch.flip(y.add(torch.arange(3)), [0]).tolist(), torch.tile(torch.tensor([1, 2]), [2]).tolist(), torch.indexSelect(x, 0, torch.tensor([1])).tolist()], [[4, 3, 2], [1, 2, 1, 2], [[-4, 5, -6]]]],
    ["clone", () => { const c = torch.clone(x); return [c.storage === x.storage, c.tolist()]; }, [false, x.tolist()]],
  ];

  for (const [name, run, expected] of CASES) {
    it(name, () => {
      expect(run()).toEqual(expected);
    });
  }

  it("functional forms keep the gradient of the method", () => {
    const a = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
    torch.sum(torch.mul(torch.exp(a), 2)).backward();
    expect(a.grad!.toArray()).toEqual([2 * Math.E, 2 * Math.exp(2)]);
  });
});

describe("isclose, allclose, equal", () => {
  it("isclose: |a - b| <= atol + rtol * |b|, exact infinities, NaN by option (PyTorch 1.13 values)", () => {
    const a = torch.tensor([1, Infinity, NaN, -Infinity, 1], { dtype: "float32" });
    const b = torch.tensor([1 + 1e-6, Infinity, NaN, Infinity, 1.001], { dtype: "float32" });
    expect(torch.isclose(a, b).tolist()).toEqual([true, true, false, false, false]);
    expect(torch.isclose(a, b, { equalNan: true }).tolist()).toEqual([true, true, true, false, false]);
    expect(a.isclose(b, { rtol: 0.01 }).tolist()).toEqual([true, true, false, false, true]);
    expect(torch.isclose(a, b, { rtol: 0, atol: 0 }).tolist()).toEqual([false, true, false, false, false]);
  });

  it("isclose works on integers and bools, with broadcasting", () => {
    expect(torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3]), { rtol: 0.5 }).tolist()).toEqual([true, true]);
    expect(torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3])).tolist()).toEqual([true, false]);
    expect(torch.isclose(torch.tensor([true, false]), torch.tensor([true, true])).tolist()).toEqual([true, false]);
    expect(torch.isclose(torch.tensor([[1.5], [2.5]]), torch.tensor([1.5, 2.5])).tolist()).toEqual([[true, false], [false, true]]);
  });

  it("isclose throws PyTorch's errors", () => {
    expect(() => torch.isclose(torch.tensor([1]), torch.tensor([1.5]))).toThrow(/int64 did not match float32/);
    expect(() => torch.isclose(torch.tensor([1]), torch.tensor([1]), { rtol: -1 })).toThrow(/rtol must be greater than or equal to zero, but got -1/);
    expect(() => torch.isclose(torch.tensor([1]), torch.tensor([1]), { atol: -1 })).toThrow(/atol must be greater than or equal to zero/);
  });

  it("allclose reduces isclose over all broadcast elements", () => {
    const a = torch.tensor([1, 2], { dtype: "float32" });
    expect(torch.allclose(a, torch.tensor([[1, 2], [1, 2.00001]], { dtype: "float32" }))).toBe(true);
    expect(torch.allclose(a, torch.tensor([[1, 2], [1, 3]], { dtype: "float32" }))).toBe(false);
    expect(a.allclose(a.add(0.5), { atol: 0.5 })).toBe(true);
  });

  it("equal: same shape and values, NaN never equal, dtypes compared by value", () => {
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))).toBe(true);
    expect(torch.equal(torch.tensor([1]), torch.tensor([[1]]))).toBe(false);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([1, 3]))).toBe(false);
    expect(torch.equal(torch.tensor([NaN]), torch.tensor([NaN]))).toBe(false);
    expect(torch.tensor([1]).equal(torch.tensor([1], { dtype: "float32" }))).toBe(true);
  });
});
