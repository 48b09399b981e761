import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agree, CONV_TOL, make, torch, withGrads, type Tensor } from "./helpers.js";
import { cpuNativeBackend } from "../src/index.js";

// The autograd engine donates a gradient it alone refers to (see BackwardFn):
// reluBackward and batchNormBackward then write their input gradient over it.
// The reference backend has no fused kernels and never does, so agreeing with
// it checks that no donated memory was still needed by anything else.

const F = torch.nn.functional;
const param = (shape: number[], seed: number) => make({ shape, dtype: "float32", seed, special: false });

/** Counts the calls of the two backward kernels that returned their gradOutput (wrote over it). */
const overwrites = { relu: 0, batchNorm: 0 };
const fused = cpuNativeBackend.fused!;
const original = { relu: fused.reluBackward!, batchNorm: fused.batchNormBackward! };
beforeEach(() => {
  overwrites.relu = overwrites.batchNorm = 0;
  fused.reluBackward = (g, y, attrs) => {
    const out = original.relu(g, y, attrs);
    if (out === g) overwrites.relu++;
    return out;
  };
  fused.batchNormBackward = (g, ...rest) => {
    const out = original.batchNorm(g, ...rest);
    if (out[0] === g) overwrites.batchNorm++;
    return out;
  };
});
afterEach(() => {
  fused.reluBackward = original.relu;
  fused.batchNormBackward = original.batchNorm;
});

/** conv -> bn -> relu -> conv -> bn, plus the input, -> relu: a residual block as ResNet's. */
function block(x: Tensor, w1: Tensor, w2: Tensor, gamma: Tensor, beta: Tensor): Tensor {
  const C = w1.shape[0]!;
  const bn = (t: Tensor) => F.batchNorm(t, torch.zeros([C]), torch.ones([C]), { training: true, weight: gamma, bias: beta });
  const h = bn(F.conv2d(x, w1, null, { padding: 1 })).relu();
  return bn(F.conv2d(h, w2, null, { padding: 1 })).add(x).relu();
}

const inputs = () => [param([4, 6, 7, 7], 1), param([6, 6, 3, 3], 2), param([6, 6, 3, 3], 3), param([6], 4).abs().add(0.5), param([6], 5)];

describe("backward kernels writing over donated gradients", () => {
  it("two residual blocks: every gradient as without reuse, and the kernels did write in place", () => {
    agree("two blocks", () => withGrads(inputs(), (x, w1, w2, g, b) => block(block(x!, w1!, w2!, g!, b!), w2!, w1!, g!, b!)), CONV_TOL);
    // in each block the inner relu and the batch norm behind it get gradients only the engine holds
    expect(overwrites.relu).toBeGreaterThanOrEqual(2);
    expect(overwrites.batchNorm).toBeGreaterThanOrEqual(2);
  });

  it("autograd.grad of an intermediate tensor keeps the value it was handed", () => {
    agree("autograd.grad", () => {
      const [x, w1, w2, g, b] = inputs().map((t) => t.requiresGrad_(true));
      const h = F.conv2d(x!, w1!, null, { padding: 1 }).relu();
      const y = block(h, w2!, w1!, g!, b!);
      return torch.autograd.grad(y.mul(y).sum(), [h, x!]) as Tensor[];
    }, CONV_TOL);
  });

  it("retained gradients and hooks see the values before any reuse", () => {
    let hooked: Tensor | null = null;
    agree("retainGrad and hooks", () => {
      const [x, w1, w2, g, b] = inputs().map((t) => t.requiresGrad_(true));
      const h = F.conv2d(x!, w1!, null, { padding: 1 });
      const r = h.relu();
      h.retainGrad();
      r.registerHook((grad) => {
        hooked = grad;
      });
      block(r, w2!, w1!, g!, b!).pow(2).sum().backward();
      return [h.grad!, hooked!, x!.grad!];
    }, CONV_TOL);
    expect(hooked).not.toBeNull();
  });
});
