import { describe, expect, it } from "vitest";
import { agree, CONV_TOL, FUSED_TOL, make, torch, withGrads, type DType, type Tensor } from "./helpers.js";
import { cpuNativeBackend } from "../src/index.js";

const F = torch.nn.functional;

const param = (shape: number[], dtype: DType, seed: number, layout: "contiguous" | "transposed" = "contiguous") =>
  make({ shape, dtype, seed, layout, special: false });

describe("fused kernels are registered", () => {
  it("lists them", () => {
    const names = Object.keys(cpuNativeBackend.fused ?? {});
    for (const n of ["conv2d", "conv2dBackwardInput", "conv2dBackwardWeight", "maxPool2d", "maxPool2dBackward", "linear", "crossEntropy", "crossEntropyBackward", "sgdStep", "adamStep", "batchNorm", "batchNormBackward", "softmax", "logSoftmax"])
      expect(names).toContain(n);
  });
});

describe("conv2d", () => {
  const cases: [number[], number[], torch.nn.functional.Conv2dOptions][] = [
    [[4, 3, 32, 32], [6, 3, 5, 5], {}],
    [[2, 6, 9, 8], [4, 3, 3, 3], { groups: 2, padding: 1, stride: 2 }],
    [[1, 4, 7, 7], [8, 4, 1, 1], {}],
    [[3, 2, 10, 9], [5, 2, 3, 2], { stride: [2, 1], padding: [1, 0], dilation: [2, 1] }],
    [[2, 4, 6, 6], [4, 1, 3, 3], { groups: 4, padding: "same" }],
    [[5, 3, 8, 8], [2, 3, 2, 2], { stride: 2 }],
    [[2, 3, 11, 10], [4, 3, 3, 3], { stride: [3, 2], padding: [2, 3], dilation: [2, 2] }],
    [[2, 2, 4, 5], [3, 2, 2, 2], { stride: 3, padding: 2 }],
  ];
  for (const dtype of ["float32", "float64"] as DType[])
    it(`forward and both gradients (${dtype})`, () => {
      for (const [xs, ws, o] of cases)
        for (const bias of [true, false])
          for (const layout of ["contiguous", "transposed"] as const)
            agree(`conv2d ${JSON.stringify(xs)} ${JSON.stringify(ws)} ${JSON.stringify(o)} bias=${bias} ${layout}`, () => {
              const x = param(xs, dtype, 1, layout);
              const w = param(ws, dtype, 2);
              const b = bias ? param([ws[0]!], dtype, 3) : null;
              return withGrads(b ? [x, w, b] : [x, w], (x, w, b) => F.conv2d(x!, w!, b ?? null, o));
            }, CONV_TOL);
    });

  it("convTranspose2d", () => {
    agree("convTranspose2d", () => {
      const x = param([2, 4, 5, 5], "float32", 1);
      const w = param([4, 3, 3, 3], "float32", 2);
      const b = param([3], "float32", 3);
      return withGrads([x, w, b], (x, w, b) => F.convTranspose2d(x!, w!, b!, { stride: 2, padding: 1, outputPadding: 1 }));
    }, FUSED_TOL);
  });

  it("float16 convolution computes in float32", () => {
    agree("conv2d half", () => F.conv2d(param([2, 3, 8, 8], "float16", 1), param([4, 3, 3, 3], "float16", 2)), { rtol: 1e-2, atol: 1e-2 });
  });
});

describe("pooling", () => {
  it("maxPool2d values, indices and gradient", () => {
    const opts: torch.nn.functional.MaxPool2dOptions[] = [{}, { stride: 1 }, { padding: 1, stride: 2 }, { ceilMode: true, stride: 2 }, { dilation: 2 }];
    for (const dtype of ["float32", "float64"] as DType[])
      for (const o of opts)
        for (const k of [2, 3])
          agree(`maxPool2d k=${k} ${JSON.stringify(o)} ${dtype}`, () => {
            const x = make({ shape: [2, 3, 9, 8], dtype, seed: 5 });
            const [y, idx] = F.maxPool2d(x, k, { ...o, returnIndices: true });
            const [, g] = withGrads([make({ shape: [2, 3, 9, 8], dtype, seed: 5, special: false })], (x) => F.maxPool2d(x!, k, o));
            return [y, idx, g!];
          });
  });

  it("NaN and all -Infinity windows", () => {
    agree("maxPool2d specials", () => {
      const x = torch.tensor(Float32Array.from([NaN, 1, 2, 3, -Infinity, -Infinity, -Infinity, -Infinity, 5, NaN, 1, 1, 0, 0, 0, 0]), { shape: [1, 1, 4, 4] });
      return F.maxPool2d(x, 2, { returnIndices: true, padding: 1, stride: 2 });
    });
  });
});

describe("linear, softmax and cross entropy", () => {
  it("linear over leading dims, with and without bias", () => {
    for (const dtype of ["float32", "float64"] as DType[])
      for (const xs of [[4, 16], [2, 3, 16], [16]])
        for (const layout of ["contiguous", "transposed"] as const)
          agree(`linear ${JSON.stringify(xs)} ${dtype} ${layout}`, () => {
            const x = param(xs, dtype, 1, layout);
            const w = param([7, 16], dtype, 2, layout);
            const b = param([7], dtype, 3);
            return [...withGrads([x, w, b], (x, w, b) => F.linear(x!, w!, b!)), F.linear(x.detach(), w.detach())];
          }, FUSED_TOL);
  });

  it("softmax and logSoftmax along each dim", () => {
    for (const dim of [0, 1, 2])
      for (const layout of ["contiguous", "transposed"] as const)
        agree(`softmax dim=${dim} ${layout}`, () => {
          const x = make({ shape: [3, 4, 5], dtype: "float32", seed: 4, layout });
          return [x.softmax(dim), x.logSoftmax(dim), ...withGrads([param([3, 4, 5], "float32", 9)], (x) => x!.logSoftmax(dim))];
        }, FUSED_TOL);
  });

  it("crossEntropy with weights, ignoreIndex, smoothing and every reduction", () => {
    for (const reduction of ["mean", "sum", "none"] as const)
      for (const labelSmoothing of [0, 0.1])
        for (const weighted of [false, true])
          for (const shape of [[6, 5], [3, 5, 4]])
            agree(`crossEntropy ${reduction} s=${labelSmoothing} w=${weighted} ${JSON.stringify(shape)}`, () => {
              const x = param(shape, "float32", 7);
              const tshape = shape.length === 2 ? [shape[0]!] : [shape[0]!, shape[2]!];
              const count = tshape.reduce((a, b) => a * b, 1);
              const target = torch.tensor(Float64Array.from({ length: count }, (_, i) => (i % 4 === 3 ? -100 : (i * 3) % 5)), { dtype: "int64", shape: tshape });
              const weight = weighted ? torch.tensor(Float32Array.from([1, 2, 0.5, 1.5, 3])) : undefined;
              return withGrads([x], (x) => F.crossEntropy(x!, target, { weight, reduction, labelSmoothing }));
            }, FUSED_TOL);
  });
});

describe("batchNorm", () => {
  it("training and eval, forward and gradients", () => {
    for (const training of [true, false])
      for (const affine of [true, false])
        for (const shape of [[4, 3, 5, 5], [8, 6]])
          agree(`batchNorm training=${training} affine=${affine} ${JSON.stringify(shape)}`, () => {
            const C = shape[1]!;
            const rm = param([C], "float32", 11);
            const rv = param([C], "float32", 12).abs().add(0.5);
            const w = affine ? param([C], "float32", 13) : null;
            const b = affine ? param([C], "float32", 14) : null;
            const out = withGrads(affine ? [param(shape, "float32", 10), w!, b!] : [param(shape, "float32", 10)], (x, w, b) =>
              F.batchNorm(x!, rm, rv, { training, weight: w ?? null, bias: b ?? null }),
            );
            return [...out, rm, rv];
          }, FUSED_TOL);
  });

  // channels longer than the kernels' partial-sum blocks, far off-centre: the
  // batch statistics must keep double-accumulation accuracy
  it("training statistics of long channels with a large mean", () => {
    agree("batchNorm training [3, 2, 50, 70] + 100", () => {
      const x = param([3, 2, 50, 70], "float32", 15).add(100);
      const rm = torch.zeros([2]);
      const rv = torch.ones([2]);
      const out = withGrads([x, param([2], "float32", 16), param([2], "float32", 17)], (x, w, b) =>
        F.batchNorm(x!, rm, rv, { training: true, weight: w!, bias: b! }).mul(param([3, 2, 50, 70], "float32", 18)),
      );
      return [...out, rm, rv];
    }, FUSED_TOL);
  });
});

describe("optimizer steps", () => {
  function train(make: (params: Tensor[]) => torch.optim.Optimizer): Tensor[] {
    const w = param([5, 4], "float32", 21).requiresGrad_(true);
    const b = param([5], "float32", 22).requiresGrad_(true);
    const opt = make([w, b]);
    for (let step = 0; step < 4; step++) {
      opt.zeroGrad();
      const x = param([3, 4], "float32", 30 + step);
      F.linear(x, w, b).pow(2).sum().backward();
      opt.step();
    }
    return [w.detach(), b.detach()];
  }

  it("SGD with momentum, dampening, nesterov and weight decay", () => {
    const configs: torch.optim.SGDOptions[] = [
      { lr: 0.1 }, { lr: 0.05, momentum: 0.9 }, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
      { lr: 0.05, momentum: 0.5, dampening: 0.3, maximize: true },
    ];
    for (const o of configs) agree(`SGD ${JSON.stringify(o)}`, () => train((p) => new torch.optim.SGD(p, o)), { rtol: 1e-5, atol: 1e-6 });
  });

  it("Adam, AdamW and amsgrad", () => {
    agree("Adam", () => train((p) => new torch.optim.Adam(p, { lr: 0.01 })), { rtol: 1e-5, atol: 1e-6 });
    agree("Adam amsgrad wd", () => train((p) => new torch.optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })), { rtol: 1e-5, atol: 1e-6 });
    agree("AdamW", () => train((p) => new torch.optim.AdamW(p, { lr: 0.01, weightDecay: 0.1 })), { rtol: 1e-5, atol: 1e-6 });
  });
});

describe("more fused kernels", () => {
  it("avgPool2d: padding, ceilMode, countIncludePad, divisorOverride, integer images", () => {
    const opts: torch.nn.functional.AvgPool2dOptions[] = [
      {}, { padding: 1, stride: 2 }, { padding: 1, stride: 2, countIncludePad: false }, { ceilMode: true, stride: 2 }, { divisorOverride: 3 },
    ];
    for (const o of opts) {
      agree(`avgPool2d ${JSON.stringify(o)}`, () => withGrads([param([2, 3, 7, 8], "float32", 1)], (x) => F.avgPool2d(x!, 3, o)), FUSED_TOL);
      agree(`avgPool2d int64 ${JSON.stringify(o)}`, () => F.avgPool2d(make({ shape: [1, 2, 7, 8], dtype: "int64", seed: 2 }), 3, o));
    }
  });

  it("adaptive pooling to sizes that do and do not divide the input", () => {
    for (const size of [[1, 1], [3, 2], [7, 5]] as [number, number][]) {
      agree(`adaptiveAvgPool2d ${size}`, () => withGrads([param([2, 3, 7, 10], "float32", 3)], (x) => F.adaptiveAvgPool2d(x!, size)), FUSED_TOL);
      agree(`adaptiveMaxPool2d ${size}`, () => F.adaptiveMaxPool2d(make({ shape: [2, 3, 7, 10], dtype: "float32", seed: 4 }), size, { returnIndices: true }));
    }
  });

  it("layerNorm with and without affine parameters", () => {
    for (const affine of [true, false])
      agree(`layerNorm affine=${affine}`, () => {
        const x = param([3, 4, 6], "float32", 5);
        const w = affine ? param([4, 6], "float32", 6) : null;
        const b = affine ? param([4, 6], "float32", 7) : null;
        return withGrads([x, ...(affine ? [w!, b!] : [])], (x, w, b) => F.layerNorm(x!, [4, 6], { weight: w ?? null, bias: b ?? null }));
      }, FUSED_TOL);
  });

  it("activations", () => {
    const ops: [string, (x: Tensor) => Tensor][] = [
      ["gelu", (x) => F.gelu(x)], ["gelu tanh", (x) => F.gelu(x, { approximate: "tanh" })], ["silu", (x) => F.silu(x)], ["mish", (x) => F.mish(x)],
      ["hardswish", (x) => F.hardswish(x)], ["hardsigmoid", (x) => F.hardsigmoid(x)], ["elu", (x) => F.elu(x)], ["selu", (x) => F.selu(x)],
      ["softplus", (x) => F.softplus(x, { beta: 2, threshold: 5 })], ["logSigmoid", (x) => F.logSigmoid(x)], ["leakyRelu", (x) => F.leakyRelu(x, 0.1)],
      ["hardtanh", (x) => F.hardtanh(x, -0.5, 2)],
    ];
    for (const [name, f] of ops) agree(name, () => [f(make({ shape: [4, 9], dtype: "float32", seed: 8 })), ...withGrads([param([4, 9], "float32", 9)], (x) => f(x!))], FUSED_TOL);
  });
});
