// The specialised loops (2x2 max pooling, unpadded im2col/col2im, dense
// optimizer steps, where on dense/scalar operands) against the reference, on the inputs
// that pick them and on near misses that must take the general paths.
import { describe, it } from "vitest";
import { agree, CONV_TOL, FUSED_TOL, make, torch, withGrads, type DType, type Tensor } from "./helpers.js";

const F = torch.nn.functional;

const param = (shape: number[], dtype: DType, seed: number) => make({ shape, dtype, seed, special: false });

describe("2x2 / stride 2 max pooling", () => {
  it("ties keep the first maximum and the first NaN wins, in every window position", () => {
    // each window of the 2 x 8 plane holds one pattern: ties, NaN first/late, -Infinity, signed zeros
    const rows = [
      [1, 1, 0, 2, 3, NaN, NaN, 1],
      [1, 1, 2, 2, NaN, 4, 5, NaN],
    ];
    const more = [
      [-Infinity, -Infinity, -0, 0, 7, 7, -1, -2],
      [-Infinity, -Infinity, 0, -0, 7, 8, -3, -1],
    ];
    for (const dtype of ["float32", "float64"] as DType[])
      agree(`maxPool2d 2x2 specials ${dtype}`, () => {
        const x = torch.tensor(Float64Array.from([...rows, ...more].flat()), { dtype, shape: [1, 1, 4, 8] });
        return F.maxPool2d(x, 2, { returnIndices: true });
      });
  });

  it("odd sizes, strided planes and the gradient", () => {
    for (const shape of [[2, 3, 28, 28], [1, 2, 7, 10], [3, 1, 6, 9]])
      for (const layout of ["contiguous", "transposed", "strided"] as const)
        agree(`maxPool2d 2x2 ${JSON.stringify(shape)} ${layout}`, () => {
          const x = make({ shape, dtype: "float32", seed: 9, layout });
          const [y, idx] = F.maxPool2d(x, 2, { returnIndices: true });
          const [, g] = withGrads([make({ shape, dtype: "float32", seed: 9, special: false })], (x) => F.maxPool2d(x!, 2));
          return [y, idx, g!];
        });
  });
});

describe("unpadded convolutions", () => {
  const cases: [number[], number[], torch.nn.functional.Conv2dOptions][] = [
    [[2, 3, 40, 33], [5, 3, 5, 5], {}],
    [[2, 3, 12, 11], [4, 3, 3, 2], { dilation: 2 }],
    [[3, 6, 14, 14], [16, 6, 5, 5], {}],
  ];
  for (const dtype of ["float32", "float64"] as DType[])
    it(`forward and both gradients (${dtype})`, () => {
      for (const [xs, ws, o] of cases)
        agree(`conv2d ${JSON.stringify(xs)} ${JSON.stringify(ws)} ${JSON.stringify(o)}`, () => {
          const [x, w, b] = [param(xs, dtype, 1), param(ws, dtype, 2), param([ws[0]!], dtype, 3)];
          return withGrads([x, w, b], (x, w, b) => F.conv2d(x!, w!, b!, o));
        }, CONV_TOL);
    });

  it("convTranspose2d with stride 1, dilation and output padding (rows no window covers)", () => {
    agree("convTranspose2d dilated", () => {
      const [x, w, b] = [param([2, 4, 5, 6], "float32", 1), param([4, 3, 3, 3], "float32", 2), param([3], "float32", 3)];
      return withGrads([x, w, b], (x, w, b) => F.convTranspose2d(x!, w!, b!, { dilation: 2, outputPadding: 1 }));
    }, FUSED_TOL);
  });
});

describe("dense optimizer steps", () => {
  function train(make: (params: Tensor[]) => torch.optim.Optimizer, steps = 4): Tensor[] {
    const w = param([5, 4], "float32", 21).requiresGrad_(true);
    const b = param([5], "float32", 22).requiresGrad_(true);
    const opt = make([w, b]);
    for (let step = 0; step < steps; step++) {
      opt.zeroGrad();
      F.linear(param([3, 4], "float32", 30 + step), w, b).pow(2).sum().backward();
      opt.step();
    }
    return [w.detach(), b.detach()];
  }
  const OPT_TOL = { rtol: 1e-5, atol: 1e-6 };

  it("SGD in every flavour the dense loop takes", () => {
    const configs: torch.optim.SGDOptions[] = [
      { lr: 0.1, weightDecay: 0.05 }, { lr: 0.05, momentum: 0.9, weightDecay: 0.01 }, { lr: 0.05, momentum: 0.9, nesterov: true },
      { lr: 0.05, maximize: true }, { lr: 0.05, momentum: 0.9, dampening: 0.5, weightDecay: 0.01 },
    ];
    for (const o of configs) agree(`SGD ${JSON.stringify(o)}`, () => train((p) => new torch.optim.SGD(p, o)), OPT_TOL);
  });

  it("Adam with L2 weight decay, maximize, and AdamW without decay", () => {
    agree("Adam wd", () => train((p) => new torch.optim.Adam(p, { lr: 0.01, weightDecay: 0.1 })), OPT_TOL);
    agree("Adam maximize", () => train((p) => new torch.optim.Adam(p, { lr: 0.01, maximize: true })), OPT_TOL);
    agree("AdamW no decay", () => train((p) => new torch.optim.AdamW(p, { lr: 0.01, weightDecay: 0 })), OPT_TOL);
  });
});

describe("where on dense and scalar operands", () => {
  it("scalar either side, dense both sides, broadcast condition", () => {
    for (const dtype of ["float32", "float64", "int32", "uint8", "bool"] as DType[])
      agree(`where ${dtype}`, () => {
        const c = make({ shape: [3, 50], dtype: "bool", seed: 4 });
        const x = make({ shape: [3, 50], dtype, seed: 5 });
        const y = make({ shape: [3, 50], dtype, seed: 6 });
        return [torch.where(c, x, 0), torch.where(c, 1, x), torch.where(c, x, y), torch.where(c.slice(0, 0, 1), x, y)];
      }, FUSED_TOL);
  });
});
