import { afterEach, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { FusedKernels } from "../src/backend/fused.js";
import { referenceBackend } from "../src/backends/reference/index.js";
import * as F from "../src/nn/functional/index.js";
import { expectClose, seq } from "./nn-functional-helpers.js";

/**
 * The fused-kernel contract: a backend entry replaces the forward (or a
 * gradient) of a composite op, receives (...inputs, attrs) as documented in
 * backend/fused.ts, and autograd still works through core's node.
 */

const backend = referenceBackend as { fused?: Partial<FusedKernels> };
const calls: { name: string; args: unknown[] }[] = [];

/** Installs fake kernels that log their calls. */
function useFused(kernels: Partial<FusedKernels>): void {
  const logged: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(kernels)) {
    logged[name] = (...args: unknown[]) => {
      calls.push({ name, args });
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  backend.fused = logged as Partial<FusedKernels>;
}

afterEach(() => {
  delete backend.fused;
  calls.length = 0;
});

describe("fused kernels", () => {
  it("conv2d: the fused forward is used, gets symmetric padding and null bias, and backward is unchanged", () => {
    const x = seq([1, 2, 4, 4], 0.37, 0, true);
    const w = seq([3, 2, 2, 2], 0.5, 0, true);
    const [refX, refW] = torch.autograd.grad(F.conv2d(x, w, null, { stride: 2, padding: 1 }).sum(), [x, w]);
    useFused({ conv2d: (input) => torch.full([1, 3, 3, 3], 7, { dtype: input.dtype }) });
    const y = F.conv2d(x, w, null, { stride: 2, padding: 1 });
    expect(y.toArray()).toEqual(new Array(27).fill(7));
    expect(calls[0]!.args[2]).toBeNull();
    expect(calls[0]!.args[3]).toEqual({ stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1 });
    const [gx, gw] = torch.autograd.grad(y.sum(), [x, w]);
    expect(gx!.toArray()).toEqual(refX!.toArray());
    expect(gw!.toArray()).toEqual(refW!.toArray());
  });

  it("conv2d gradients: the fused backward kernels run, except while recording the backward (createGraph)", () => {
    const x = seq([1, 2, 4, 4], 0.37, 0, true);
    const w = seq([3, 2, 2, 2], 0.5, 0, true);
    useFused({
      conv2dBackwardInput: (g, _weight, attrs) => torch.full([...attrs.inputShape], 2, { dtype: g.dtype }),
      conv2dBackwardWeight: (g, _input, attrs) => torch.full([...attrs.weightShape], 3, { dtype: g.dtype }),
    });
    const [gx, gw] = torch.autograd.grad(F.conv2d(x, w).sum(), [x, w]);
    expect(gx!.toArray()).toEqual(new Array(32).fill(2));
    expect(gw!.toArray()).toEqual(new Array(24).fill(3));
    expect(calls.map((c) => c.name)).toEqual(["conv2dBackwardInput", "conv2dBackwardWeight"]);
    expect(calls[0]!.args[2]).toEqual({ stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, inputShape: [1, 2, 4, 4] });
    calls.length = 0;
    torch.autograd.grad(F.conv2d(x, w).sum(), [x, w], { createGraph: true });
    expect(calls).toEqual([]);
  });

  it("maxPool2d: fused forward returns [values, indices]; its backward kernel gets them", () => {
    const x = seq([1, 1, 4, 4], 0.37, 0, true);
    const [out, indices] = F.maxPool2d(x, 2, { returnIndices: true });
    useFused({
      maxPool2d: () => [out.detach(), indices],
      maxPool2dBackward: (g, _indices, attrs) => torch.full([...attrs.inputShape], 5, { dtype: g.dtype }),
    });
    const y = F.maxPool2d(x, 2);
    expect(calls[0]!.args[1]).toEqual({ kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: false, dilation: [1, 1] });
    y.sum().backward();
    expect(calls[1]!.name).toBe("maxPool2dBackward");
    expect(calls[1]!.args[1]).toBe(indices);
    expect(x.grad!.toArray()).toEqual(new Array(16).fill(5));
  });

  it("batchNorm: running stats are updated from the kernel's statistics", () => {
    const rm = torch.zeros([2], { dtype: "float64" });
    const rv = torch.ones([2], { dtype: "float64" });
    const x = seq([3, 2]);
    useFused({ batchNorm: (input) => [input.mul(0), torch.tensor([1, 2], { dtype: "float64" }), torch.tensor([4, 6], { dtype: "float64" })] });
    F.batchNorm(x, rm, rv, { training: true, momentum: 0.5 });
    expect(calls[0]!.args[5]).toEqual({ training: true, eps: 1e-5 });
    expectClose(rm, [0.5, 1]);
    // unbiased: var * n / (n - 1) with n = 3
    expectClose(rv, [0.5 + 0.5 * 6, 0.5 + 0.5 * 9]);
  });

  it("crossEntropy: canonical [N, C, D] layout for the fused forward and backward", () => {
    const x = seq([2, 3, 2], 0.37, 0, true);
    const t = torch.tensor([[0, 2], [1, 1]]);
    useFused({
      crossEntropy: () => torch.tensor(1.5, { dtype: "float64" }),
      crossEntropyBackward: (g, input) => torch.full(input.shape, 0.25, { dtype: "float64" }),
    });
    const loss = F.crossEntropy(x, t, { labelSmoothing: 0.1 });
    expect(loss.item()).toBe(1.5);
    const [input, target, weight, attrs] = calls[0]!.args as [torch.Tensor, torch.Tensor, null, object];
    expect([input.shape, target.shape, weight, attrs]).toEqual([[2, 3, 2], [2, 2], null, { ignoreIndex: -100, reduction: "mean", labelSmoothing: 0.1 }]);
    loss.backward();
    expect(x.grad!.toArray()).toEqual(new Array(12).fill(0.25));
  });
});
