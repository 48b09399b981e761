import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";

/** stateDict keys and sharing, and loadStateDict's in-place copy and error reporting (PyTorch's wording). */

const model = () => new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));

describe("stateDict", () => {
  it("shares storage with the module, detached unless keepVars", () => {
    const m = model();
    const sd = m.stateDict();
    expect(sd["0.weight"]!.requiresGrad).toBe(false);
    torch.noGrad(() => sd["0.weight"]!.fill_(2));
    expect((m.get(0) as nn.Linear).weight.sum().item()).toBe(12);
    expect(m.stateDict({ keepVars: true })["0.weight"]).toBe((m.get(0) as nn.Linear).weight);
    expect(Object.keys(m.stateDict({ prefix: "enc." }))[0]).toBe("enc.0.weight");
  });

  it("leaves out null parameters and non-persistent buffers", () => {
    const fc = new nn.Linear(2, 2, { bias: false });
    fc.registerBuffer("scratch", torch.zeros([2]), { persistent: false });
    fc.registerBuffer("scale", torch.ones([1]));
    expect(Object.keys(fc.stateDict())).toEqual(["weight", "scale"]);
    expect(fc.namedBuffers().map(([n]) => n)).toEqual(["scratch", "scale"]);
    const bn = new nn.BatchNorm2d(3, { trackRunningStats: false, affine: false });
    expect(Object.keys(bn.stateDict())).toEqual([]);
  });
});

describe("loadStateDict", () => {
  it("copies values in place, converting dtype, and accepts a Map", () => {
    const src = model();
    const dst = model().double();
    torch.noGrad(() => (src.get(0) as nn.Linear).weight.fill_(0.5));
    const weight = (dst.get(0) as nn.Linear).weight;
    expect(dst.loadStateDict(src.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect((dst.get(0) as nn.Linear).weight).toBe(weight);
    expect(weight.dtype).toBe("float64");
    expect(weight.toArray()).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(() => dst.loadStateDict(new Map(Object.entries(src.stateDict())))).not.toThrow();
  });

  it("reports missing keys, unexpected keys and shape mismatches together, in PyTorch's words", () => {
    const m = model();
    const sd = m.stateDict();
    delete sd["0.bias"];
    sd["extra.weight"] = torch.zeros([1]);
    sd["1.weight"] = torch.zeros([4]);
    sd["0.foo"] = torch.zeros([1]);
    let error: nn.StateDictError | undefined;
    try {
      m.loadStateDict(sd);
    } catch (e) {
      error = e as nn.StateDictError;
    }
    expect(error).toBeInstanceOf(nn.StateDictError);
    expect(error!.message).toBe(
      "Error(s) in loading state_dict for Sequential:\n" +
        '\tMissing key(s) in state_dict: "0.bias". \n' +
        '\tUnexpected key(s) in state_dict: "extra.weight", "0.foo". \n' +
        "\tsize mismatch for 1.weight: copying a param with shape torch.Size([4]) from checkpoint, the shape in current model is torch.Size([3]).",
    );
    expect(error!.missingKeys).toEqual(["0.bias"]);
    expect(error!.unexpectedKeys).toEqual(["extra.weight", "0.foo"]);
  });

  it("with strict: false returns missing keys (and, as PyTorch, no unexpected ones) but still rejects shape mismatches", () => {
    const m = model();
    const sd = m.stateDict();
    delete sd["0.bias"];
    sd["junk"] = torch.zeros([1]);
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ["0.bias"], unexpectedKeys: [] });
    sd["0.weight"] = torch.zeros([1, 1]);
    expect(() => m.loadStateDict(sd, { strict: false })).toThrow("size mismatch for 0.weight");
  });

  it("rejects non-tensor values and non-dict arguments", () => {
    const m = model();
    const sd = m.stateDict() as Record<string, unknown>;
    sd["0.weight"] = [1, 2];
    expect(() => m.loadStateDict(sd as nn.StateDict)).toThrow('While copying the parameter named "0.weight", expected torch.Tensor or Tensor-like object from checkpoint but received Array');
    expect(() => m.loadStateDict(torch.zeros([1]) as unknown as nn.StateDict)).toThrow("Expected state_dict to be dict-like");
  });

  it("fills a missing num_batches_tracked with 0 and loads 1-element vectors into 0-dim entries, as PyTorch does", () => {
    const src = new nn.BatchNorm2d(2);
    const sd = src.stateDict();
    delete sd["num_batches_tracked"];
    const dst = new nn.BatchNorm2d(2);
    torch.noGrad(() => dst.numBatchesTracked!.fill_(5));
    expect(dst.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(dst.numBatchesTracked!.item()).toBe(0);
    expect("num_batches_tracked" in sd).toBe(false);
    dst.loadStateDict({ ...src.stateDict(), num_batches_tracked: torch.tensor([7]) });
    expect(dst.numBatchesTracked!.item()).toBe(7);
    expect(dst.numBatchesTracked!.shape).toEqual([]);
  });

  it("loads a state dict saved and read back through torch.save/torch.load", () => {
    const src = model();
    const bytes = torch.saveToBytes(src.stateDict());
    const dst = model();
    dst.loadStateDict(torch.loadFromBytes(bytes));
    expect((dst.get(0) as nn.Linear).weight.toArray()).toEqual((src.get(0) as nn.Linear).weight.toArray());
  });
});
