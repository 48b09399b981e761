// checksIndexBounds: core skips its host-side index check on this backend, so
// every index-taking kernel must reject bad indices itself with a RangeError
// that names the op, the index and the dimension's size.
import { describe, expect, it } from "vitest";
import { torch } from "./helpers.js";

const native = torch.backends.getBackendByName("cpu-native");
const onNative = <T>(fn: () => T): T => torch.backends.withBackend("cpu-native", fn);

function throwsRange(fn: () => unknown, message: string | RegExp): void {
  let error: unknown = null;
  try {
    onNative(fn);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RangeError);
  expect(String((error as Error).message)).toMatch(message);
}

describe("index bounds checked in the addon", () => {
  it("the backend declares it", () => {
    expect(native.checksIndexBounds).toBe(true);
  });

  it("gather", () => {
    const x = onNative(() => torch.randn([3, 5]));
    throwsRange(() => x.gather(1, torch.tensor([[0, 7]])), "gather(): index 7 is out of bounds for dimension 1 with size 5");
    throwsRange(() => x.gather(0, torch.tensor([[-1, 0]])), "gather(): index -1 is out of bounds for dimension 0 with size 3");
    throwsRange(() => x.gather(1, torch.tensor([[0, 7]], { dtype: "int32" })), "index 7 is out of bounds for dimension 1 with size 5");
  });

  it("indexSelect and embedding go through gather", () => {
    const x = onNative(() => torch.randn([4, 3]));
    throwsRange(() => x.indexSelect(0, torch.tensor([1, 4])), "index 4 is out of bounds for dimension 0 with size 4");
    throwsRange(() => torch.nn.functional.embedding(torch.tensor([[0, 9]]), x), "index 9 is out of bounds for dimension 0 with size 4");
  });

  it("scatter leaves its output untouched", () => {
    const x = onNative(() => torch.zeros([2, 4]));
    const src = onNative(() => torch.ones([2, 2]));
    throwsRange(() => x.scatter(1, torch.tensor([[0, 1], [2, 4]]), src), "scatter(): index 4 is out of bounds for dimension 1 with size 4");
    throwsRange(() => x.indexAdd(0, torch.tensor([0, 2]), onNative(() => torch.ones([2, 4]))), "index 2 is out of bounds for dimension 0 with size 2");
    expect(x.toArray()).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("nllLoss and crossEntropy, forward and backward, with ignoreIndex skipped", () => {
    const F = torch.nn.functional;
    const logits = onNative(() => torch.randn([3, 5]).requiresGrad_());
    throwsRange(() => F.crossEntropy(logits, torch.tensor([1, 5, 0])), "crossEntropy(): target 5 is out of bounds for dimension 1 with size 5");
    throwsRange(() => F.nllLoss(logits.logSoftmax(1), torch.tensor([-2, 0, 0])), "nllLoss(): target -2 is out of bounds for dimension 1 with size 5");
    const ok = onNative(() => F.crossEntropy(logits, torch.tensor([1, -100, 4])));
    expect(Number.isFinite(ok.item())).toBe(true);
    // the backward kernel on its own: [N, C, D] input, [N, D] target
    const x = onNative(() => torch.randn([2, 5, 1]));
    const go = onNative(() => torch.ones([]));
    const attrs = { ignoreIndex: -100, reduction: "mean" as const, labelSmoothing: 0 };
    const backward = native.fused!.crossEntropyBackward!;
    throwsRange(() => backward(go, x, torch.tensor([[0], [6]]), null, attrs), "crossEntropyBackward(): target 6 is out of bounds for dimension 1 with size 5");
    expect(onNative(() => backward(go, x, torch.tensor([[0], [-100]]), null, attrs)).shape).toEqual([2, 5, 1]);
  });
});
