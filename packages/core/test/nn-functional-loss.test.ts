import { describe, expect, it, vi } from "vitest";
import * as torch from "../src/index.js";
import { gradcheck, gradgradcheck } from "../src/autograd/gradcheck.js";
import * as F from "../src/nn/functional/index.js";
import { expectClose, seq } from "./nn-functional-helpers.js";

const classWeight = () => seq([3], 0.5, 1.0).abs().add(0.2);
const t = () => torch.tensor([2, 0, 1, 2]);
// a (2, 3, 2, 2) input's targets, one ignored (-100)
const t4 = () => torch.tensor([[[0, 2], [1, -100]], [[2, 2], [0, 1]]]);

describe("crossEntropy with class indices", () => {
  it("matches PyTorch across weight, ignoreIndex, labelSmoothing and reductions", () => {
    const x = seq([4, 3]);
    // F.cross_entropy(x, t)
    expectClose(F.crossEntropy(x, t()), [1.12318166]);
    // F.cross_entropy(x, t, weight=w, ignore_index=1, label_smoothing=0.2)
    expectClose(F.crossEntropy(x, t(), { weight: classWeight(), ignoreIndex: 1, labelSmoothing: 0.2 }), [1.13292959]);
    // F.cross_entropy(x, t, reduction="none", label_smoothing=0.3)
    expectClose(F.crossEntropy(x, t(), { reduction: "none", labelSmoothing: 0.3 }), [0.90562206, 1.13814787, 1.11320728, 1.33654201]);
    // F.cross_entropy(x4, t4, weight=w, reduction="sum", label_smoothing=0.1)
    expectClose(F.crossEntropy(seq([2, 3, 2, 2]), t4(), { weight: classWeight(), reduction: "sum", labelSmoothing: 0.1 }), [9.03321183]);
    // F.cross_entropy(x4, t4, label_smoothing=0.25)
    expectClose(F.crossEntropy(seq([2, 3, 2, 2]), t4(), { labelSmoothing: 0.25 }), [1.19898336]);
    // F.cross_entropy(seq([3]), torch.tensor(1)): unbatched
    const single = F.crossEntropy(seq([3]), torch.tensor(1));
    expect(single.shape).toEqual([]);
    expectClose(single, [1.1195985]);
  });

  it("gradient matches PyTorch and passes gradcheck / gradgradcheck", () => {
    const x = seq([4, 3], 0.37, 0, true);
    const loss = F.crossEntropy(x, t(), { weight: classWeight(), ignoreIndex: 1, labelSmoothing: 0.2 });
    expect(loss.gradFn?.name).toBe("CrossEntropyLossBackward0");
    loss.backward();
    // x.grad after F.cross_entropy(x, t, weight=w, ignore_index=1, label_smoothing=0.2).backward()
    expectClose(x.grad!, [0.05616111, 0.08671511, -0.14287623, -0.17474838, 0.08839213, 0.08635625, 0.0, 0.0, 0.0, 0.13001811, 0.08294046, -0.21295858]);
    for (const reduction of ["none", "sum", "mean"] as const) {
      const fn = (a: torch.Tensor) => F.crossEntropy(a, t4(), { weight: classWeight(), reduction, labelSmoothing: 0.15 });
      expect(gradcheck(fn, [seq([2, 3, 2, 2], 0.61, 0.1, true)])).toBe(true);
    }
    expect(gradgradcheck((a) => F.crossEntropy(a, t(), { labelSmoothing: 0.1, weight: classWeight() }), [seq([4, 3], 0.5, 0, true)])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    const x = torch.zeros([3, 4]);
    expect(() => F.crossEntropy(x, torch.tensor([1, 2]))).toThrow("Expected input batch_size (3) to match target batch_size (2).");
    expect(() => F.crossEntropy(x, torch.tensor([1, 2, 7]))).toThrow("Target 7 is out of bounds.");
    expect(() => F.crossEntropy(x, torch.tensor([1, 2, 3]), { labelSmoothing: 1.5 })).toThrow("label_smoothing must be between 0.0 and 1.0. Got: 1.5");
    expect(() => F.crossEntropy(x, torch.tensor([1, 2, 3]), { weight: torch.ones([3]) })).toThrow("weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]");
    expect(() => F.crossEntropy(x, torch.tensor([1, 2, 3], { dtype: "int32" }))).toThrow("expected scalar type Long but found int32");
    expect(() => F.crossEntropy(x, torch.rand([3, 4]), { ignoreIndex: 1 })).toThrow("ignore_index is not supported for floating point target");
    expect(() => F.crossEntropy(torch.zeros([2, 4, 5]), torch.zeros([2, 4], { dtype: "int64" }))).toThrow("Expected target size [2, 5], got [2, 4]");
    expect(() => F.crossEntropy(x, torch.tensor([1, 2, 3]), { reduction: "foo" as "sum" })).toThrow("foo is not a valid value for reduction");
  });
});

describe("crossEntropy with class probabilities", () => {
  it("matches PyTorch", () => {
    // F.cross_entropy(x, p, weight=w, label_smoothing=0.1) with p = seq([4, 3], 0.7).softmax(1)
    expectClose(F.crossEntropy(seq([4, 3]), seq([4, 3], 0.7).softmax(1), { weight: classWeight(), labelSmoothing: 0.1 }), [1.26389892]);
    // F.cross_entropy(x4, seq([2, 3, 2, 2], 0.8).softmax(1), reduction="none")
    expectClose(F.crossEntropy(seq([2, 3, 2, 2]), seq([2, 3, 2, 2], 0.8).softmax(1), { reduction: "none" }), [1.21779317, 1.42067922, 1.44077215, 1.38301392, 1.4684021, 1.41005465, 1.20032305, 1.11706046]);
    expect(gradcheck((a, p) => F.crossEntropy(a, p, { labelSmoothing: 0.2 }), [seq([3, 4], 0.4, 0, true), seq([3, 4], 0.9, 0, true).softmax(1).detach().requiresGrad_()])).toBe(true);
  });
});

describe("nllLoss", () => {
  it("matches PyTorch", () => {
    const lp = seq([4, 3]).logSoftmax(1);
    // F.nll_loss(lp, t, weight=w)
    expectClose(F.nllLoss(lp, t(), { weight: classWeight() }), [1.12236402]);
    // F.nll_loss(x4, t4, reduction="none")
    const none = F.nllLoss(seq([2, 3, 2, 2]), t4(), { reduction: "none" });
    expect(none.shape).toEqual([2, 2, 2]);
    expectClose(none, [-0.0, 0.18729466, -0.79656547, 0.0, -0.8987081, -0.99647561, 0.89264768, -0.67930465]);
    // F.nll_loss(lp, t, ignore_index=0, reduction="sum")
    expectClose(F.nllLoss(lp, t(), { ignoreIndex: 0, reduction: "sum" }), [3.33800289]);
  });

  it("passes gradcheck for every reduction and throws PyTorch's errors", () => {
    for (const reduction of ["none", "sum", "mean"] as const) {
      expect(gradcheck((a) => F.nllLoss(a, t4(), { weight: classWeight(), reduction }), [seq([2, 3, 2, 2], 0.3, 0, true)])).toBe(true);
    }
    expect(() => F.nllLoss(torch.zeros([3, 4]), torch.tensor([1, 2, -3]))).toThrow("Target -3 is out of bounds.");
    expect(() => F.nllLoss(torch.zeros([3, 4]), torch.zeros([3, 1], { dtype: "int64" }))).toThrow("0D or 1D target tensor expected, multi-target not supported");
    expect(() => F.nllLoss(torch.zeros([]), torch.tensor(1))).toThrow("Expected 1 or more dimensions (got 0)");
  });
});

describe("regression losses", () => {
  const a = () => seq([2, 3], 0.37, 0, true);
  const b = () => seq([2, 3], 0.9, 0.5);

  it("match PyTorch", () => {
    // F.mse_loss(a, b), F.l1_loss(a, b, reduction="sum")
    expectClose(F.mseLoss(a(), b()), [1.41878477]);
    expectClose(F.l1Loss(a(), b(), { reduction: "sum" }), [5.8631074]);
    // F.smooth_l1_loss(a, b, reduction="none", beta=0.5), F.huber_loss(a, b, reduction="none", delta=0.5)
    expectClose(F.smoothL1Loss(a(), b(), { reduction: "none", beta: 0.5 }), [0.22984885, 0.3738343, 0.00510043, 0.70407283, 1.56415796, 1.67019948]);
    expectClose(F.huberLoss(a(), b(), { reduction: "none", delta: 0.5 }), [0.11492442, 0.18691715, 0.00255022, 0.35203641, 0.78207898, 0.83509974]);
  });

  it("pass gradcheck", () => {
    for (const fn of [F.mseLoss, F.l1Loss, (x: torch.Tensor, y: torch.Tensor) => F.smoothL1Loss(x, y, { beta: 0.7 }), (x: torch.Tensor, y: torch.Tensor) => F.huberLoss(x, y, { delta: 0.4 })]) {
      expect(gradcheck(fn, [a(), b().requiresGrad_()])).toBe(true);
    }
  });

  it("warn on broadcasting and reject bad beta/delta", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    F.mseLoss(torch.zeros([3]), torch.zeros([2, 1]));
    expect(warn).toHaveBeenCalledWith("Using a target size ([2, 1]) that is different to the input size ([3]). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.");
    warn.mockRestore();
    expect(() => F.smoothL1Loss(a(), b(), { beta: -1 })).toThrow("smooth_l1_loss does not support negative values for beta.");
    expect(() => F.huberLoss(a(), b(), { delta: 0 })).toThrow("huber_loss does not support non-positive values for delta.");
  });
});

describe("binaryCrossEntropy", () => {
  const probs = () => seq([2, 3], 0.6).sigmoid();
  const targets = () => seq([2, 3], 1.7).add(1).div(2);
  /** probs with an exact 0 and an exact 1, where the log is clamped at -100 */
  const edgeProbs = () => torch.tensor([[0, 0.5, 0.7], [0.3, 0.2, 1]], { dtype: "float64" }).mul(torch.tensor([[1, 0, 0], [0, 0, 1]], { dtype: "float64" })).add(probs().mul(torch.tensor([[0, 1, 1], [1, 1, 0]], { dtype: "float64" })));

  it("matches PyTorch, including clamped logs", () => {
    // F.binary_cross_entropy(pr, tt)
    expectClose(F.binaryCrossEntropy(probs(), targets()), [0.75706576]);
    // F.binary_cross_entropy(pr2, tt, weight=seq([3], 0.4, 0.3).abs(), reduction="none") with pr2[0, 0] = 0, pr2[1, 2] = 1
    expectClose(F.binaryCrossEntropy(edgeProbs(), targets(), { weight: seq([3], 0.4, 0.3).abs(), reduction: "none" }), [14.77601033, 0.29151711, 0.81733041, 0.37179033, 0.37509478, 8.97948842]);
  });

  it("gradient uses PyTorch's clamped denominator and passes gradcheck", () => {
    const p = edgeProbs().requiresGrad_();
    F.binaryCrossEntropy(p, targets(), { reduction: "sum" }).backward();
    // pb.grad after F.binary_cross_entropy(pb, tt, reduction="sum").backward(): (x - t) / max(x (1 - x), 1e-12)
    const g = p.grad!.toArray();
    expect(g[0]! / -500000001997.9014).toBeCloseTo(1, 9);
    expect(g[5]! / 100756444090.85776).toBeCloseTo(1, 9);
    expectClose(g.slice(1, 5), [-1.55052861, 1.70331366, 3.46169575, -0.37728673]);
    expect(gradcheck((x, y) => F.binaryCrossEntropy(x, y, { weight: seq([3], 0.4, 0.3).abs() }), [probs().requiresGrad_(), targets().requiresGrad_()])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.binaryCrossEntropy(torch.rand([3]), torch.rand([3, 1]))).toThrow("Using a target size ([3, 1]) that is different to the input size ([3]) is deprecated. Please ensure they have the same size.");
    expect(() => F.binaryCrossEntropy(torch.tensor([1.5]), torch.tensor([0.5]))).toThrow("all elements of input should be between 0 and 1");
  });
});

describe("binaryCrossEntropyWithLogits", () => {
  const targets = () => seq([2, 3], 1.7).add(1).div(2);

  it("matches PyTorch with weight and posWeight, and stays finite for large logits", () => {
    const x = seq([2, 3]).mul(3);
    // F.binary_cross_entropy_with_logits(3 * a, tt, pos_weight=seq([3], 0.7).abs() + 0.5, weight=seq([2, 1], 0.4, 0.3).abs(), reduction="none")
    expectClose(F.binaryCrossEntropyWithLogits(x, targets(), { posWeight: seq([3], 0.7).abs().add(0.5), weight: seq([2, 1], 0.4, 0.3).abs(), reduction: "none" }), [0.15362925, 0.09973078, 0.41862575, 1.70850662, 0.52193188, 0.23754244]);
    // F.binary_cross_entropy_with_logits(30 * a, tt)
    expectClose(F.binaryCrossEntropyWithLogits(seq([2, 3]).mul(30), targets()), [8.29570818]);
  });

  it("gradient is sigmoid(x) - t, right at x = 0 too, and passes gradcheck", () => {
    const x = torch.tensor([0, 2, -1], { dtype: "float64", requiresGrad: true });
    F.binaryCrossEntropyWithLogits(x, torch.tensor([0.3, 1, 0], { dtype: "float64" }), { reduction: "sum" }).backward();
    // xb.grad after F.binary_cross_entropy_with_logits(xb, [0.3, 1, 0], reduction="sum").backward()
    expectClose(x.grad!, [0.2, -0.11920292, 0.26894142]);
    const fn = (a: torch.Tensor, b: torch.Tensor) => F.binaryCrossEntropyWithLogits(a, b, { posWeight: seq([3], 0.7).abs().add(0.5), weight: seq([2, 1], 0.4, 0.3).abs() });
    expect(gradcheck(fn, [seq([2, 3], 0.8, 0.1, true), targets().requiresGrad_()])).toBe(true);
    expect(gradgradcheck(fn, [seq([2, 3], 0.8, 0.1, true), targets().requiresGrad_()])).toBe(true);
  });

  it("throws PyTorch's error for mismatched sizes", () => {
    expect(() => F.binaryCrossEntropyWithLogits(torch.rand([3]), torch.rand([3, 1]))).toThrow("Target size ([3, 1]) must be the same as input size ([3])");
  });
});
