import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { gradcheck, gradgradcheck } from "../src/autograd/gradcheck.js";
import * as F from "../src/nn/functional/index.js";
import { expectClose, seq } from "./nn-functional-helpers.js";

describe("batchNorm", () => {
  const runningVar = () => seq([2], 0.5, 1.0).abs().add(0.5);

  it("training: batch statistics, and running stats updated in place with the unbiased variance", () => {
    const rm = seq([2], 0.5);
    const rv = runningVar();
    const y = F.batchNorm(seq([3, 2, 2, 2]), rm, rv, { weight: seq([2], 0.9, 0.4), bias: seq([2], 0.3, 0.2), training: true, momentum: 0.2, eps: 1e-3 });
    // F.batch_norm(x, rm, rv, weight=w, bias=b, training=True, momentum=0.2, eps=1e-3)
    expectClose(y, [0.11435362, 0.39727252, 0.64189968, 0.81512595, 1.30045202, 1.26055701, 1.07067192, 0.75649679, 0.25564764, -0.03218106, -0.30017697, -0.51206812, -0.95798853, -0.99500517, -0.87673214, -0.61917713, -0.16358791, 0.11968522, 0.40223675, 0.64582465, 1.18842672, 1.3011377, 1.25836618, 1.06590109]);
    // rm and rv afterwards
    expectClose(rm, [0.02155378, 0.44028199]);
    expectClose(rv, [1.1270118, 1.35019404]);
  });

  it("eval: normalizes with the running stats", () => {
    // F.batch_norm(x, rm, rv, weight=w, bias=b, training=False) on a (2, 2, 3) input
    expectClose(F.batchNorm(seq([2, 2, 3]), seq([2], 0.5), runningVar(), { weight: seq([2], 0.9, 0.4), bias: seq([2], 0.3, 0.2) }), [0.19866933, 0.32025184, 0.42537873, 0.8071978, 0.88608094, 0.85883256, 0.46649094, 0.37486376, 0.25938949, -0.04554801, -0.31526417, -0.52851543]);
  });

  it("gradients match PyTorch and pass gradcheck and gradgradcheck", () => {
    const x = seq([3, 2, 2, 2], 0.37, 0, true);
    const w = seq([2], 0.9, 0.4, true);
    const b = seq([2], 0.3, 0.2, true);
    const y = F.batchNorm(x, null, null, { weight: w, bias: b, training: true });
    expect(y.gradFn?.name).toBe("NativeBatchNormBackward0");
    y.mul(seq([3, 2, 2, 2], 1.3)).sum().backward();
    // grads after F.batch_norm(x, None, None, weight=w, bias=b, training=True).mul(g).sum().backward()
    expectClose(x.grad!, [-0.0562558, 0.88299424, 0.69073193, -0.13997756, -1.18865252, 0.08650003, 1.02727043, 0.30457542, -0.61339439, -0.74884367, 0.00371845, 0.31019159, 0.3944923, -0.79451119, -0.44341068, 0.90281839, 0.49122626, -0.13795557, -0.64283961, -0.03959587, 0.73210113, 0.78488329, -0.53035323, -1.27571338]);
    expectClose(w.grad!, [-3.86638647, 1.94959002]);
    expectClose(b.grad!, [0.02230451, 0.10009509]);
    const small = seq([3, 2, 2], 0.61, 0.2, true);
    const train = (a: torch.Tensor, k: torch.Tensor, c: torch.Tensor) => F.batchNorm(a, null, null, { weight: k, bias: c, training: true });
    expect(gradcheck(train, [small, w.detach().requiresGrad_(), b.detach().requiresGrad_()])).toBe(true);
    expect(gradgradcheck(train, [small, w.detach().requiresGrad_(), b.detach().requiresGrad_()])).toBe(true);
    const evalMode = (a: torch.Tensor, k: torch.Tensor) => F.batchNorm(a, seq([2], 0.5), runningVar(), { weight: k });
    expect(gradcheck(evalMode, [small, w.detach().requiresGrad_()])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.batchNorm(torch.zeros([1, 4]), null, null, { training: true })).toThrow("Expected more than 1 value per channel when training, got input size [1, 4]");
    expect(() => F.batchNorm(torch.zeros([2, 4]), null, null)).toThrow("running_mean must be defined in evaluation mode");
    expect(() => F.batchNorm(torch.zeros([2, 4]), torch.zeros([3]), torch.ones([3]))).toThrow("running_mean should contain 4 elements not 3");
    expect(() => F.batchNorm(torch.zeros([2, 4]), torch.zeros([4]), torch.ones([4]), { weight: torch.ones([3]) })).toThrow("weight should contain 4 elements not 3");
  });
});

describe("layerNorm", () => {
  it("matches PyTorch", () => {
    // F.layer_norm(x, [3, 4], weight=w, bias=b, eps=1e-4)
    expectClose(F.layerNorm(seq([2, 3, 4]), [3, 4], { weight: seq([3, 4], 0.6), bias: seq([3, 4], 0.2, 0.1), eps: 1e-4 }), [0.09983342, 0.33381951, 1.05033926, 1.61637775, 1.57550782, 1.04820469, 0.59822878, 0.69174607, 1.2382435, 1.63285395, 1.27819377, 0.13601648, 0.09983342, -0.48122583, -0.67910432, -0.2850006, 0.41301504, 0.87989899, 0.79240208, 0.30956211, -0.07717427, 0.01948243, 0.54149387, 1.03716731]);
    // F.layer_norm(x, (5,))
    expectClose(F.layerNorm(seq([2, 5]), 5), [-1.60484904, -0.61365933, 0.2433775, 0.85026554, 1.12486534, 1.21666595, 0.8208111, 0.1658479, -0.65957745, -1.5437475]);
  });

  it("gradients pass gradcheck and gradgradcheck", () => {
    const fn = (a: torch.Tensor, k: torch.Tensor, c: torch.Tensor) => F.layerNorm(a, [2, 3], { weight: k, bias: c });
    const args = () => [seq([2, 2, 3], 0.37, 0, true), seq([2, 3], 0.6, 0.1, true), seq([2, 3], 0.2, 0.1, true)];
    expect(gradcheck(fn, args())).toBe(true);
    expect(gradgradcheck(fn, args())).toBe(true);
    expect(gradcheck((a) => F.layerNorm(a, 4), [seq([4], 0.9, 0, true)])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.layerNorm(torch.zeros([2, 3]), [4])).toThrow("Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]");
    expect(() => F.layerNorm(torch.zeros([2, 3]), [3], { weight: torch.ones([4]) })).toThrow("Expected weight to be of same shape as normalized_shape, but got weight of shape [4] and normalized_shape = [3]");
  });
});

describe("groupNorm", () => {
  it("matches PyTorch and passes gradcheck", () => {
    // F.group_norm(x, 3, weight=w, bias=b, eps=1e-3)
    expectClose(F.groupNorm(seq([2, 6, 3]), 3, { weight: seq([6], 0.8), bias: seq([6], 0.4), eps: 1e-3 }), [0.0, 0.0, 0.0, 0.87912811, 1.07729315, 1.00884156, 2.13548979, 1.65199605, 1.04266718, 0.71080952, 0.30014163, -0.02455319, 1.05044675, 1.05557787, 1.03918328, 0.95996749, 0.30944977, -0.44068417, 0.0, 0.0, 0.0, 1.10144672, 0.97806162, 0.4228481, 2.27281135, 1.619173, 0.92085928, 0.63134838, 0.28612774, 0.08061869, 1.06824462, 1.05573434, 1.02887893, 0.80220305, 0.24223462, -0.31488439]);
    expect(gradcheck((a, k) => F.groupNorm(a, 2, { weight: k }), [seq([2, 4, 2], 0.37, 0, true), seq([4], 0.8, 0.3, true)])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.groupNorm(torch.zeros([2, 6, 4]), 4)).toThrow("Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 4] and num_groups=4");
    expect(() => F.groupNorm(torch.zeros([2, 6, 4]), 3, { weight: torch.ones([4]) })).toThrow("Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [4] and input of shape [2, 6, 4]");
  });
});

describe("dropout", () => {
  it("zeroes about p of the elements, scales the rest by 1 / (1 - p), and the gradient is the mask", () => {
    torch.manualSeed(7);
    const x = torch.ones([100, 100], { dtype: "float64", requiresGrad: true });
    const y = F.dropout(x, { p: 0.3 });
    const values = y.toArray();
    const zerosCount = values.filter((v) => v === 0).length;
    // binomial(10000, 0.3): mean 3000, sd ~46
    expect(Math.abs(zerosCount - 3000)).toBeLessThan(250);
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-12)).toBe(true);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual(values);
  });

  it("is reproducible with manualSeed, and the identity when not training or p = 0; p = 1 zeroes", () => {
    const x = seq([50]);
    torch.manualSeed(3);
    const a = F.dropout(x).toArray();
    torch.manualSeed(3);
    expect(F.dropout(x).toArray()).toEqual(a);
    expect(F.dropout(x, { training: false })).toBe(x);
    expect(F.dropout(x, { p: 0 })).toBe(x);
    expect(F.dropout(x, { p: 1 }).toArray().every((v) => v === 0)).toBe(true);
    expect(() => F.dropout(x, { p: 1.5 })).toThrow("dropout probability has to be between 0 and 1, but got 1.5");
  });

  it("dropout2d zeroes whole channels (batched and unbatched)", () => {
    torch.manualSeed(11);
    for (const shape of [[4, 8, 3, 3], [8, 3, 3]]) {
      const y = F.dropout2d(torch.ones(shape, { dtype: "float64" }), { p: 0.5 });
      const planes = y.reshape([-1, 9]).tolist() as number[][];
      for (const plane of planes) expect(new Set(plane).size).toBe(1);
      expect(planes.some((p) => p[0] === 0) && planes.some((p) => p[0] === 2)).toBe(true);
    }
    expect(() => F.dropout1d(torch.zeros([2, 3, 4, 5]))).toThrow("dropout1d: Expected 2D or 3D input, but received a 4D input.");
  });
});

describe("embedding", () => {
  it("gathers rows and leaves the paddingIdx row without gradient", () => {
    const w = seq([5, 3], 0.37, 0, true);
    const idx = torch.tensor([[1, 3], [3, 0], [4, 1]]);
    const y = F.embedding(idx, w, { paddingIdx: 3 });
    expect(y.shape).toEqual([3, 2, 3]);
    // F.embedding(idx, w, padding_idx=3)
    expectClose(y, [0.89569869, 0.99588084, 0.9612752, -0.18729466, -0.52983614, -0.80066678, -0.18729466, -0.52983614, -0.80066678, 0.0, 0.36161543, 0.67428791, -0.96313093, -0.99523983, -0.89264768, 0.89569869, 0.99588084, 0.9612752]);
    y.mul(seq([3, 2, 3], 0.9)).sum().backward();
    // w.grad after y.mul(g).sum().backward(): row 1 gets two contributions, row 3 none
    expectClose(w.grad!, [0.96988981, 0.41211849, -0.45753589, 0.80378443, 1.74898469, 1.3705882, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.98093623, -0.76198358, 0.03362305]);
    expect(F.embedding(torch.tensor([1, -1]).add(1), w, { paddingIdx: -1 }).shape).toEqual([2, 3]);
  });

  it("throws PyTorch's errors", () => {
    const w = torch.zeros([4, 3]);
    expect(() => F.embedding(torch.tensor([1], { dtype: "float32" }), w)).toThrow("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got float32 instead (while checking arguments for embedding)");
    expect(() => F.embedding(torch.tensor([7]), w)).toThrow("index out of range in self");
    expect(() => F.embedding(torch.tensor([1]), w, { paddingIdx: 5 })).toThrow("Padding_idx must be within num_embeddings");
    expect(() => F.embedding(torch.tensor([1]), torch.zeros([4]))).toThrow("'weight' must be 2-D");
  });
});
