import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { runFunctionalCase, runModuleCase, type FunctionalCase, type ModuleCase } from "./module-case.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * F.interpolate, F.gridSample, F.affineGrid, F.pixelShuffle/pixelUnshuffle
 * and the Upsample / PixelShuffle modules against PyTorch 1.13
 * (fixtures/generate_modules.py): outputs and gradients.
 */

const { functional, modules } = readFixture<{ functional: FunctionalCase[]; modules: ModuleCase[] }>("nn-vision.json");
const F = nn.functional;

describe("vision ops match PyTorch", () => {
  for (const c of functional) it(c.name, () => runFunctionalCase(c));
  for (const c of modules) it(`nn.${c.name}`, () => runModuleCase(c));
});

describe("vision ops reject what PyTorch rejects", () => {
  const x = torch.randn([1, 2, 3, 4]);

  it("interpolate needs exactly one of size and scaleFactor", () => {
    expect(() => F.interpolate(x)).toThrow(/either size or scale_factor/);
    expect(() => F.interpolate(x, { size: 2, scaleFactor: 2 })).toThrow(/only one of size or scale_factor/);
  });

  it("interpolate checks the mode against the input rank", () => {
    expect(() => F.interpolate(torch.randn([1, 2, 3]), { size: 4, mode: "bilinear" })).toThrow(/bilinear mode needs 4D input/);
    expect(() => F.interpolate(torch.randn([2, 3]), { size: 4 })).toThrow(/Only 3D, 4D and 5D/);
    expect(() => F.interpolate(x, { size: 4, alignCorners: true })).toThrow(/align_corners option can only be set/);
    expect(() => F.interpolate(x, { size: [4, 5, 6] })).toThrow(torch.ShapeError);
    expect(() => F.interpolate(x.to("int64"), { size: 4, mode: "bilinear" })).toThrow(torch.DTypeError);
    expect(() => F.interpolate(x, { scaleFactor: 0.1 })).toThrow(RangeError);
  });

  it("gridSample checks shapes, dtypes and modes", () => {
    const grid = torch.zeros([1, 2, 2, 2]);
    expect(() => F.gridSample(x, torch.zeros([1, 2, 2, 3]))).toThrow(/size 2 in last dimension/);
    expect(() => F.gridSample(x, torch.zeros([2, 2, 2, 2]))).toThrow(/same batch size/);
    expect(() => F.gridSample(x, grid.double())).toThrow(torch.DTypeError);
    expect(() => F.gridSample(x, grid, { mode: "bicubic" as "nearest" })).toThrow(TypeError);
  });

  it("gridSample treats non-finite positions as PyTorch does", () => {
    // NaN and infinite x: outside the input with zeros padding, x = 0 after clipping with border padding
    const grid = torch.tensor([[[[NaN, 0], [Infinity, 0], [-Infinity, 0]]]], { dtype: "float32" });
    const atLeftEdge = F.gridSample(x, torch.tensor([[[[-1, 0]]]], { dtype: "float32" }), { alignCorners: true }).toArray()[0]!;
    expect(F.gridSample(x, grid, { mode: "nearest", alignCorners: true }).toArray().slice(0, 3)).toEqual([0, 0, 0]);
    const border = F.gridSample(x, grid, { paddingMode: "border", alignCorners: true }).toArray();
    expect(border[0]).toBeCloseTo(atLeftEdge, 6);
    expect(border[2]).toBeCloseTo(atLeftEdge, 6);
    const reflection = F.gridSample(x, grid, { paddingMode: "reflection", alignCorners: true }).toArray();
    expect(reflection.slice(0, 3).every(Number.isFinite)).toBe(true);
  });

  it("affineGrid and pixelShuffle check their arguments", () => {
    expect(() => F.affineGrid(torch.randn([1, 3, 3]), [1, 1, 4, 4])).toThrow(/Nx2x3/);
    expect(() => F.affineGrid(torch.randn([1, 2, 3]), [1, 1, 0, 4])).toThrow(/positive output size/);
    expect(() => F.pixelShuffle(torch.randn([1, 3, 2, 2]), 2)).toThrow(/divisible by the square of upscale_factor/);
    expect(() => F.pixelUnshuffle(torch.randn([1, 1, 3, 4]), 2)).toThrow(/height to be divisible/);
    expect(() => F.pixelShuffle(torch.randn([4, 2]), 2)).toThrow(/at least 3 dimensions/);
  });
});
