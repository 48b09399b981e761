import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";

class Block extends nn.Module {
  conv1 = new nn.Conv2d(3, 4, 3, { bias: false });
  bn1 = new nn.BatchNorm2d(4);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.bn1.call(this.conv1.call(x)).relu();
  }
}

class Net extends nn.Module {
  layer1 = new nn.Sequential(new Block(), new Block());
  fc = new nn.Linear(2, 3);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.fc.call(x);
  }
}

describe("nn.Module registration", () => {
  it("discovers parameters, buffers and children in assignment order with PyTorch's keys", () => {
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual([
      "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
      "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked",
      "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias",
      "layer1.1.bn1.running_mean", "layer1.1.bn1.running_var", "layer1.1.bn1.num_batches_tracked",
      "fc.weight", "fc.bias",
    ]);
    expect(net.stateDict()["layer1.0.bn1.num_batches_tracked"]!.dtype).toBe("int64");
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
      "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias", "fc.weight", "fc.bias",
    ]);
    expect(net.namedBuffers().map(([n]) => n)).toContain("layer1.1.bn1.running_var");
    expect(net.namedModules().map(([n]) => n)).toEqual(["", "layer1", "layer1.0", "layer1.0.conv1", "layer1.0.bn1", "layer1.1", "layer1.1.conv1", "layer1.1.bn1", "fc"]);
    expect(net.namedChildren().map(([n]) => n)).toEqual(["layer1", "fc"]);
    expect(net.getSubmodule("layer1.1.bn1")).toBeInstanceOf(nn.BatchNorm2d);
    expect(net.getBuffer("layer1.0.bn1.running_mean").shape).toEqual([4]);
    expect(net.getParameter("fc.bias").shape).toEqual([3]);
  });

  it("prints like PyTorch's repr", () => {
    expect(String(new nn.Linear(2, 3))).toBe("Linear(in_features=2, out_features=3, bias=True)");
    expect(String(new Net())).toBe(
      [
        "Net(",
        "  (layer1): Sequential(",
        "    (0): Block(",
        "      (conv1): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), bias=False)",
        "      (bn1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
        "    )",
        "    (1): Block(",
        "      (conv1): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), bias=False)",
        "      (bn1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
        "    )",
        "  )",
        "  (fc): Linear(in_features=2, out_features=3, bias=True)",
        ")",
      ].join("\n"),
    );
  });
});

describe("nn.Module behaviour", () => {
  it("call runs forward pre-hooks, forward and forward hooks; handles remove them", () => {
    const fc = new nn.Linear(2, 2);
    const seen: string[] = [];
    const pre = fc.registerForwardPreHook((m, args) => {
      seen.push(`pre ${m.constructor.name}`);
      return [(args[0] as torch.Tensor).mul(0)];
    });
    const post = fc.registerForwardHook((_m, _args, out) => {
      seen.push("post");
      return (out as torch.Tensor).add(1);
    });
    const y = fc.call(torch.ones([1, 2]));
    expect(seen).toEqual(["pre Linear", "post"]);
    expect(y.toArray()).toEqual(fc.bias!.add(1).toArray());
    pre.remove();
    post.remove();
    pre.remove();
    expect(fc.call(torch.zeros([1, 2])).toArray()).toEqual(fc.bias!.toArray());
    expect(() => new nn.Module().call()).toThrow('Module [Module] is missing the required "forward" function');
  });

  it("train/eval reach every submodule; apply visits children first", () => {
    const net = new Net();
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    const order: string[] = [];
    new nn.Sequential(new nn.Linear(1, 1), new nn.ReLU()).apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(["Linear", "ReLU", "Sequential"]);
  });

  it("to(dtype) converts floating parameters and buffers and keeps shared parameters shared", () => {
    const a = new nn.Linear(2, 2);
    const b = new nn.Linear(2, 2);
    b.weight = a.weight;
    const pair = new nn.Sequential(a, b, new nn.BatchNorm1d(2)).to("float64");
    expect(pair.parameters().every((p) => p.dtype === "float64" && p.requiresGrad && p instanceof nn.Parameter)).toBe(true);
    expect((pair.get(0) as nn.Linear).weight).toBe((pair.get(1) as nn.Linear).weight);
    expect(pair.parameters().length).toBe(5);
    expect((pair.get(2) as nn.BatchNorm1d).runningVar!.dtype).toBe("float64");
    expect((pair.get(2) as nn.BatchNorm1d).numBatchesTracked!.dtype).toBe("int64");
    expect(() => pair.to("int32")).toThrow("only accepts floating point dtypes");
    const same = new nn.Linear(1, 1);
    const w = same.weight;
    same.to("cpu").float();
    expect(same.weight).toBe(w);
  });

  it("zeroGrad clears to null by default or zeros in place; requiresGrad_ freezes", () => {
    const fc = new nn.Linear(2, 1);
    fc.call(torch.ones([3, 2])).sum().backward();
    const grad = fc.weight.grad!;
    fc.zeroGrad({ setToNone: false });
    expect(fc.weight.grad).toBe(grad);
    expect(grad.toArray()).toEqual([0, 0]);
    fc.zeroGrad();
    expect(fc.weight.grad).toBeNull();
    fc.requiresGrad_(false);
    expect(fc.parameters().some((p) => p.requiresGrad)).toBe(false);
  });

  it("registers explicit names and rejects bad ones", () => {
    class Custom extends nn.Module {
      first = new nn.Parameter(torch.zeros([1]));
      constructor() {
        super();
        this.registerParameter("in_proj_weight", new nn.Parameter(torch.ones([2])));
        this.registerModule("sub-module", new nn.ReLU());
      }
      last = new nn.Parameter(torch.zeros([1]));
    }
    const c = new Custom();
    expect(c.namedParameters().map(([n]) => n)).toEqual(["first", "last", "in_proj_weight"]);
    expect(c.namedChildren().map(([n]) => n)).toEqual(["sub-module"]);
    expect(() => c.registerBuffer("a.b", torch.zeros([1]))).toThrow('buffer name can\'t contain "."');
    expect(() => c.registerParameter("", null)).toThrow("can't be empty string");
    expect(() => c.registerParameter("x", torch.zeros([1]) as nn.Parameter)).toThrow("nn.Parameter or null required");
    expect(() => c.registerBuffer("first", torch.zeros([1]))).toThrow("'first' is already registered as a parameter");
    (c as unknown as Record<string, unknown>).last = torch.zeros([1]);
    expect(() => c.parameters()).toThrow("parameter 'last' holds a Tensor (float32, shape [1]); wrap it in nn.Parameter or assign null");
  });

  it("keeps parameters and buffers alive through torch.scope", () => {
    const net = torch.scope(() => new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2)));
    expect(net.parameters().every((p) => !p.isDisposed)).toBe(true);
    expect(net.buffers().every((b) => !b.isDisposed)).toBe(true);
    torch.scope(() => {
      net.train().call(torch.randn([4, 2])).sum().backward();
    });
    expect(net.buffers().every((b) => !b.isDisposed)).toBe(true);
    expect(net.parameters().every((p) => p.grad !== null && !p.grad.isDisposed)).toBe(true);
  });

  it("prints Parameters as PyTorch does", () => {
    expect(String(new nn.Parameter(torch.tensor([1, 2], { dtype: "float32" })))).toBe("Parameter containing:\ntensor([1., 2.], requires_grad=True)");
  });
});

describe("containers", () => {
  it("Sequential: varargs or named, indexing, iteration, length, append/insert/delete/slice", () => {
    const a = new nn.Linear(2, 3);
    const b = new nn.ReLU();
    const c = new nn.Linear(3, 1);
    const seq = new nn.Sequential(a, b);
    expect(seq.length).toBe(2);
    expect(seq.get(-1)).toBe(b);
    expect([...seq]).toEqual([a, b]);
    seq.append(c);
    expect(seq.call(torch.ones([4, 2])).shape).toEqual([4, 1]);
    seq.insert(1, new nn.Identity());
    expect(seq.namedChildren().map(([n]) => n)).toEqual(["0", "1", "2", "3"]);
    seq.delete(1);
    expect(seq.get(1)).toBe(b);
    expect([...seq.slice(1)]).toEqual([b, c]);
    expect(seq.slice(1).namedChildren().map(([n]) => n)).toEqual(["1", "2"]);
    expect(() => seq.get(3)).toThrow("Sequential: index 3 is out of range (length 3)");
    const named = new nn.Sequential({ fc: a, act: b });
    expect(Object.keys(named.stateDict())).toEqual(["fc.weight", "fc.bias"]);
    expect(String(new nn.Sequential(new nn.ReLU()))).toBe("Sequential(\n  (0): ReLU()\n)");
  });

  it("ModuleList and ModuleDict register their modules", () => {
    const list = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1)]);
    list.append(new nn.Linear(1, 2));
    expect(list.length).toBe(3);
    expect(Object.keys(list.stateDict())).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"]);
    const popped = list.pop(0);
    expect(popped).toBeInstanceOf(nn.Linear);
    expect(list.get(-1).outFeatures).toBe(2);
    expect(list.namedChildren().map(([n]) => n)).toEqual(["0", "1"]);
    const dict = new nn.ModuleDict<nn.Module>({ b: new nn.ReLU(), a: new nn.Linear(1, 1) });
    dict.set("10", new nn.Tanh());
    dict.set("2", new nn.Sigmoid());
    expect(dict.keys()).toEqual(["b", "a", "10", "2"]);
    expect([...dict]).toEqual(["b", "a", "10", "2"]);
    expect(dict.get("a")).toBeInstanceOf(nn.Linear);
    expect(dict.delete("b")).toBe(true);
    expect(dict.has("b")).toBe(false);
    expect(Object.keys(dict.stateDict())).toEqual(["a.weight", "a.bias"]);
    expect(() => dict.get("zz")).toThrow("ModuleDict: no module named 'zz' (keys: a, 10, 2)");
  });
});
