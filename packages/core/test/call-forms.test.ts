import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/**
 * The call forms PyTorch users type: sizes as separate integers or one array,
 * options objects after positional arguments, and TypeErrors naming the
 * argument for anything else (as plain JS callers, without the type checker,
 * would otherwise get a silently wrong result).
 */

const js = torch as any;

function expectTypeError(fn: () => unknown, ...patterns: RegExp[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, "expected a TypeError").toBeInstanceOf(TypeError);
  for (const p of patterns) expect((error as Error).message).toMatch(p);
}

describe("sizes as integers or one array", () => {
  it("factories take both, with or without options", () => {
    for (const make of [torch.zeros, torch.ones, torch.empty, torch.rand, torch.randn]) {
      expect(make(2, 3).shape).toEqual([2, 3]);
      expect(make([2, 3]).shape).toEqual([2, 3]);
      expect(make(4).shape).toEqual([4]);
      expect(make([]).shape).toEqual([]);
      expect(make(2, 3, { dtype: "float64" }).dtype).toBe("float64");
      expect(make([2], { dtype: "float64" }).dtype).toBe("float64");
    }
    expect(torch.zeros(2, 3, { dtype: "int32" }).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it("both forms draw the same numbers from the same generator", () => {
    const a = torch.randn(2, 3, { generator: new torch.Generator(3) });
    const b = torch.randn([2, 3], { generator: new torch.Generator(3) });
    expect(a.tolist()).toEqual(b.tolist());
  });

  it("randint takes (high, size) and (low, high, size), the size an array as in PyTorch", () => {
    const r = torch.randint(3, [50]);
    expect(r.shape).toEqual([50]);
    expect(Math.max(...r.toArray())).toBeLessThan(3);
    const s = torch.randint(-2, 2, [2, 25], { dtype: "int32" });
    expect(s.dtype).toBe("int32");
    expect(Math.min(...s.toArray())).toBeGreaterThanOrEqual(-2);
    expect(torch.randintLike(torch.zeros(4), 5).dtype).toBe("float32");
    expectTypeError(() => js.randint(3), /randint: missing required argument 'size'/);
    expectTypeError(() => js.randint(0, 3, 4), /randint: missing required argument 'size'/);
  });

  it("arange and eye take a trailing options object after any number of positionals", () => {
    const a = torch.arange(6, { dtype: "float32" });
    expect(a.dtype).toBe("float32");
    expect(a.tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(torch.arange(0, 6, 2, { dtype: "float64" }).tolist()).toEqual([0, 2, 4]);
    expect(torch.arange(1, 4, { dtype: "int32" }).tolist()).toEqual([1, 2, 3]);
    expect(torch.eye(2, { dtype: "int64" }).tolist()).toEqual([[1, 0], [0, 1]]);
    expect(torch.eye(2, 3).shape).toEqual([2, 3]);
  });

  it("tensor methods take dims and sizes both ways", () => {
    const x = torch.arange(24).reshape(2, 3, 4);
    const same = (a: torch.Tensor, b: torch.Tensor) => expect(a.tolist()).toEqual(b.tolist());
    same(x.view(6, 4), x.view([6, 4]));
    same(x.reshape(4, -1), x.reshape([4, -1]));
    same(x.permute(2, 0, 1), x.permute([2, 0, 1]));
    same(x.repeat(1, 2, 1), x.repeat([1, 2, 1]));
    same(x.tile(2, 1), x.tile([2, 1]));
    same(x.flip(0, 2), x.flip([0, 2]));
    same(x.index(0, 0).expand(2, 4), x.index(0, 0).expand([2, 4]));
  });
});

describe("arguments that are not what they should be", () => {
  it("an unknown option is a TypeError naming it and the valid ones", () => {
    expectTypeError(() => js.zeros(2, { dtpye: "float64" }), /zeros: got an unexpected keyword argument 'dtpye'/, /dtype, device, requiresGrad/);
    expectTypeError(() => js.randn([2], { requires_grad: true }), /unexpected keyword argument 'requires_grad'/, /generator/);
    expectTypeError(() => js.arange(3, { step: 2 }), /arange: got an unexpected keyword argument 'step'/);
    expectTypeError(() => js.tensor([1, 2], { dtype: "float32", grad: true }), /tensor: got an unexpected keyword argument 'grad'/);
  });

  it("an option of the wrong type is a TypeError naming it", () => {
    expectTypeError(() => js.ones(2, { dtype: "float" }), /ones: argument 'dtype' must be a dtype/, /"float"/);
    expectTypeError(() => js.rand(2, { requiresGrad: "yes" }), /argument 'requiresGrad' must be a boolean/);
    expectTypeError(() => js.randn(2, { generator: 7 }), /argument 'generator' must be a torch.Generator/);
    expectTypeError(() => js.zerosLike(torch.ones(2), 3), /zerosLike: expected an options object/);
  });

  it("a missing or mistyped positional argument is a TypeError naming it", () => {
    expectTypeError(() => js.zeros(), /zeros: missing required argument 'size'/);
    expectTypeError(() => js.arange(), /arange: missing required argument 'end'/);
    expectTypeError(() => js.arange("6"), /arange: argument 'end' must be a number/);
    expectTypeError(() => js.linspace(0, 1), /linspace: missing required argument 'steps'/);
    expectTypeError(() => js.full([2], "x"), /full: argument 'fillValue' must be a number or a boolean/);
    expectTypeError(() => js.full(2, 1), /full: argument 'size' must be an array/);
    expectTypeError(() => js.zerosLike([1, 2]), /zerosLike: argument 'input' must be a Tensor/);
    expectTypeError(() => js.randperm(), /randperm: missing required argument 'n'/);
    expectTypeError(() => js.randn(2, [3]), /one array or integers, not a mix/);
    expectTypeError(() => js.randn("2"), /expected an options object|sequence of integers/);
    expectTypeError(() => torch.ones(2, 3).view(3, "2" as never), /view: argument 'size' must be a sequence of integers/);
    expectTypeError(() => torch.ones(2, 3).permute(1, 0.5), /permute: argument 'dims'/, /float 0.5/);
    expectTypeError(() => js.tensor(["a"]), /Could not infer dtype of string/);
  });
});

describe("dtype of JS number literals", () => {
  it("whole numbers give int64 (labels work), fractions the default float dtype", () => {
    expect(torch.tensor([0, 2, 1]).dtype).toBe("int64");
    expect(torch.tensor([0.5, 2]).dtype).toBe("float32");
    expect(torch.tensor([1.0, 2.0], { dtype: "float32" }).dtype).toBe("float32");
  });

  it("whole numbers that must require grad are floats: JS cannot write 1.0", () => {
    const w = torch.tensor([3.0, 1.0], { requiresGrad: true });
    expect(w.dtype).toBe("float32");
    expect(w.requiresGrad).toBe(true);
    expect(() => torch.tensor([true], { requiresGrad: true })).toThrow(torch.DTypeError);
  });

  it("an integer tensor asked for gradients says what to write", () => {
    const t = torch.tensor([3.0, 1.0]);
    expect(() => t.requiresGrad_()).toThrow(/JavaScript cannot tell 3\.0 from 3\): write torch\.tensor\(data, \{ dtype: "float32" \}\), or convert with \.float\(\)/);
    expect(() => new torch.nn.Parameter(t)).toThrow(/dtype: "float32"/);
  });
});
