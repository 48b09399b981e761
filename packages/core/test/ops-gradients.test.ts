import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";

/**
 * gradcheck (and gradgradcheck) over a sample of the core ops: binary with
 * broadcasting, unary, reductions, views, matmul, softmax, gather/scatter, on
 * contiguous and non-contiguous inputs; plus PyTorch's values at points
 * where finite differences cannot decide (ties, zeros, bounds).
 */

const { gradcheck, gradgradcheck } = torch.autograd;
const gen = new torch.Generator(17);
const randn = (shape: number[]) => torch.randn(shape, { dtype: "float64", generator: gen });
const leaf = (shape: number[]) => randn(shape).requiresGrad_();
/** A non-contiguous leaf of `shape` (the transpose of a contiguous one). */
const tleaf = (rows: number, cols: number) => randn([cols, rows]).t().requiresGrad_();
/** Values away from 0 (for log, sqrt, div, pow bases). */
const positive = (shape: number[]) => randn(shape).abs().add(0.5).requiresGrad_();

type Case = [name: string, fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: () => Tensor[]];

const CASES: Case[] = [
  // binary, with broadcasting and scalars
  ["add broadcast", (a, b) => a.add(b, { alpha: 2 }), () => [leaf([2, 3]), leaf([3])]],
  ["sub broadcast", (a, b) => a.sub(b), () => [tleaf(3, 2), leaf([3, 1])]],
  ["mul", (a, b) => a.mul(b), () => [leaf([2, 1, 3]), tleaf(4, 3)]],
  ["div", (a, b) => a.div(b), () => [leaf([2, 3]), positive([2, 3])]],
  ["div scalar numerator", (a) => a.reciprocal().mul(3), () => [positive([4])]],
  ["pow tensor-tensor", (a, b) => a.pow(b), () => [positive([3]), leaf([3])]],
  ["pow scalar", (a) => a.pow(3).add(a.pow(-1.5).mul(0)), () => [positive([2, 2])]],
  ["rsub", (a) => a.rsub(5, { alpha: 2 }), () => [leaf([3])]],
  ["maximum / minimum", (a, b) => [a.maximum(b), a.minimum(b)], () => [leaf([2, 3]), leaf([3])]],
  ["atan2", (a, b) => a.atan2(b), () => [leaf([4]), positive([4])]],
  ["fmod / remainder", (a) => [a.fmod(0.7), a.remainder(0.7)], () => [leaf([5]).mul(3).detach().add(0.01).requiresGrad_()]],
  ["where", (a, b) => torch.where(a.gt(0), a.mul(b), b.exp()), () => [leaf([3, 3]), leaf([3])]],
  // unary
  ["exp log sqrt", (a) => [a.exp(), a.log(), a.sqrt(), a.rsqrt()], () => [positive([3])]],
  ["sin cos tan tanh", (a) => [a.sin(), a.cos(), a.tan(), a.tanh()], () => [tleaf(2, 3)]],
  ["sigmoid erf", (a) => [a.sigmoid(), a.erf()], () => [leaf([5])]],
  ["log1p expm1 log2 log10 exp2", (a) => [a.log1p(), a.expm1(), a.log2(), a.log10(), a.exp2()], () => [positive([3])]],
  ["abs neg square", (a) => [a.abs(), a.neg(), a.square()], () => [leaf([4])]],
  ["clamp", (a) => a.clamp(-0.5, 0.5), () => [leaf([6])]],
  // reductions
  ["sum dims keepdim", (a) => [a.sum(), a.sum(1), a.sum([0, 2], { keepdim: true })], () => [leaf([2, 3, 2])]],
  ["mean", (a) => [a.mean(), a.mean(-1, { keepdim: true })], () => [tleaf(3, 4)]],
  ["var std", (a) => [a.var(1), a.std(0, { correction: 0 }), a.var()], () => [leaf([3, 4])]],
  ["prod", (a) => [a.prod(), a.prod(1)], () => [leaf([2, 3])]],
  ["amax amin", (a) => [a.amax(1), a.amin([0, 1])], () => [leaf([3, 4])]],
  ["max(dim) values", (a) => a.max(1).values, () => [leaf([3, 4])]],
  ["logsumexp", (a) => a.logsumexp(1), () => [tleaf(3, 4)]],
  ["norm", (a) => [a.norm(), a.norm(1, 1), a.norm(3, 0)], () => [leaf([2, 3])]],
  // views
  ["reshape/view of non-contiguous", (a) => a.reshape(6).mul(a.flatten()), () => [tleaf(2, 3)]],
  ["permute transpose", (a) => a.permute(2, 0, 1).transpose(0, 1).mul(2), () => [leaf([2, 3, 4])]],
  ["expand", (a, w) => a.expand(3, 2, 4).mul(w), () => [leaf([2, 1]), randn([3, 2, 4])]],
  ["squeeze unsqueeze", (a) => a.unsqueeze(1).squeeze(0).squeeze(), () => [leaf([1, 3])]],
  ["slice select narrow", (a) => [a.slice(1, 1, null, 2), a.select(0, -1), a.narrow(1, 1, 2)], () => [leaf([3, 4])]],
  ["index", (a) => a.index({ start: 1 }, null, 2), () => [leaf([3, 4])]],
  ["unbind", (a) => a.unbind(1), () => [tleaf(2, 3)]],
  ["movedim unflatten", (a) => a.movedim(0, 2).unflatten(0, [2, 2]), () => [leaf([3, 4, 2])]],
  ["asStrided (overlapping windows)", (a) => a.asStrided([3, 2], [1, 1]), () => [leaf([4])]],
  // matmul family
  ["matmul 2d", (a, b) => a.matmul(b), () => [tleaf(2, 3), leaf([3, 4])]],
  ["matmul batched broadcast", (a, b) => a.matmul(b), () => [leaf([2, 1, 2, 3]), leaf([3, 3, 2])]],
  ["matmul 1d", (a, b) => [a.matmul(b.t()), b.matmul(a), b.matmul(a.unsqueeze(1)).squeeze()], () => [leaf([3]), leaf([2, 3])]],
  ["mm bmm dot mv outer", (a, b, c) => [a.mm(b), a.unsqueeze(0).bmm(b.unsqueeze(0)), c.dot(c), a.mv(c), c.outer(c)], () => [leaf([3, 3]), leaf([3, 2]), leaf([3])]],
  // softmax
  ["softmax logSoftmax", (a) => [a.softmax(1), a.logSoftmax(0)], () => [tleaf(3, 4)]],
  // gather / scatter
  ["gather", (a) => a.gather(1, torch.tensor([[0, 0], [2, 1]])), () => [leaf([2, 3])]],
  ["scatter", (a, s) => a.scatter(0, torch.tensor([[1, 0, 2]]), s), () => [leaf([3, 3]), leaf([1, 3])]],
  ["scatterAdd", (a, s) => a.scatterAdd(1, torch.tensor([[0, 0, 2], [1, 1, 1]]), s), () => [leaf([2, 3]), tleaf(2, 3)]],
  ["maskedFill", (a) => a.maskedFill(a.gt(0), 2), () => [leaf([5])]],
];

describe("gradcheck over core ops", () => {
  for (const [name, fn, inputs] of CASES) {
    it(name, () => {
      expect(gradcheck(fn, inputs())).toBe(true);
    });
  }
});

describe("gradgradcheck over core ops", () => {
  const second = new Set(["mul", "div", "pow tensor-tensor", "exp log sqrt", "sin cos tan tanh", "sigmoid erf", "var std", "prod", "logsumexp", "matmul batched broadcast", "softmax logSoftmax", "gather", "scatterAdd", "slice select narrow", "where"]);
  for (const [name, fn, inputs] of CASES.filter(([n]) => second.has(n))) {
    it(name, () => {
      expect(gradgradcheck(fn, inputs())).toBe(true);
    });
  }
});

describe("gradients where finite differences cannot decide (PyTorch 1.13 values)", () => {
  const grads = (f: (x: Tensor) => Tensor, values: number[]) => {
    const x = torch.tensor(values, { dtype: "float64", requiresGrad: true });
    return torch.autograd.grad(f(x).sum(), x)[0]!.toArray();
  };

  it("relu and abs are 0 at 0", () => {
    expect(grads((x) => x.relu(), [-1, 0, 2])).toEqual([0, 0, 1]);
    expect(grads((x) => x.abs(), [-1, 0, 2])).toEqual([-1, 0, 1]);
  });

  it("clamp passes the gradient at the bounds themselves", () => {
    expect(grads((x) => x.clamp(1, 2), [0, 1, 2, 3])).toEqual([0, 1, 1, 0]);
    expect(grads((x) => x.clamp(1), [0, 1, 2, 3])).toEqual([0, 1, 1, 1]);
    expect(grads((x) => x.clamp(null, 2), [0, 1, 2, 3])).toEqual([1, 1, 1, 0]);
  });

  it("max/amax share ties evenly; max(dim) picks one index", () => {
    expect(grads((x) => x.max(), [1, 2, 2])).toEqual([0, 0.5, 0.5]);
    expect(grads((x) => x.amax(), [1, 2, 2])).toEqual([0, 0.5, 0.5]);
    expect(grads((x) => x.max(0).values, [1, 2, 2])).toEqual([0, 1, 0]);
  });

  it("prod with zeros: the product of the others", () => {
    // PyTorch: rows [2, 0, 3] -> [0, 6, 0]; [0, 0, 5] -> 0; [1, 2, 3] -> [6, 3, 2]
    expect(grads((x) => x.reshape(3, 3).prod(1), [2, 0, 3, 0, 0, 5, 1, 2, 3])).toEqual([0, 6, 0, 0, 0, 0, 6, 3, 2]);
  });

  it("pow with exponent 0 has gradient 0 at base 0", () => {
    expect(grads((x) => x.pow(0), [0, 2])).toEqual([0, 0]);
  });

  it("norm and std are 0 (not NaN) at zero", () => {
    expect(grads((x) => x.norm(), [0, 0, 0])).toEqual([0, 0, 0]);
    expect(grads((x) => x.std(), [1, 1, 1])).toEqual([0, 0, 0]);
    expect(grads((x) => x.norm(), [1, 2, 2])).toEqual([1 / 3, 2 / 3, 2 / 3]);
  });
});
