import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim, type Tensor } from "../src/index.js";

/** Optimizer mechanics: groups, validation, zeroGrad, closures, scopes, and fused backend kernels. */

const param = (values: number[]) => new nn.Parameter(torch.tensor(values, { dtype: "float32" }));

describe("optimizer construction", () => {
  it("fills each group's options from the defaults, in PyTorch's key order", () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new optim.SGD([{ params: [a] }, { params: b, lr: 0.1 }], { lr: 0.01, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.01, 0.1]);
    expect(opt.paramGroups[1]!.momentum).toBe(0.9);
    expect(Object.keys(opt.paramGroups[1]!)).toEqual(["params", "lr", "momentum", "dampening", "weightDecay", "nesterov", "maximize", "foreach", "differentiable"]);
    opt.addParamGroup({ params: [param([3])], momentum: 0 });
    expect(opt.paramGroups.length).toBe(3);
    expect(opt.stateDict().param_groups[2]).toMatchObject({ lr: 0.01, momentum: 0, weight_decay: 0, params: [2] });
  });

  it("rejects what PyTorch rejects", () => {
    const p = param([1]);
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow("SGD: optimizer got an empty parameter list");
    expect(() => new optim.SGD(p as unknown as Tensor[], { lr: 0.1 })).toThrow("should be an iterable of Tensors or dicts, but got a Tensor");
    expect(() => new optim.SGD([p], {})).toThrow("parameter group didn't specify a value of required optimization parameter lr");
    expect(() => new optim.SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 })).toThrow("some parameters appear in more than one parameter group");
    expect(() => new optim.SGD([p.mul(2)], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new optim.SGD([p], { lr: -1 })).toThrow("SGD: Invalid learning rate: -1");
    expect(() => new optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow("Nesterov momentum requires a momentum and zero dampening");
    expect(() => new optim.Adam([p], { betas: [1, 0.9] })).toThrow("Adam: Invalid beta parameter at index 0: 1");
    expect(() => new optim.AdamW([p], { eps: -1 })).toThrow("AdamW: Invalid epsilon value: -1");
    expect(() => new optim.RMSprop([p], { alpha: -0.1 })).toThrow("RMSprop: Invalid alpha value: -0.1");
    expect(() => new optim.Adagrad([p], { lrDecay: -1 })).toThrow("Adagrad: Invalid lr_decay value: -1");
  });

  it("loadStateDict checks group counts and sizes", () => {
    const opt = new optim.Adam([param([1]), param([2])]);
    const sd = opt.stateDict();
    expect(() => new optim.Adam([param([1])]).loadStateDict(sd)).toThrow("doesn't match the size of optimizer's group (group 0: 2 params saved, 1 in the optimizer)");
    expect(() => new optim.Adam([{ params: [param([1])] }, { params: [param([1])] }]).loadStateDict(sd)).toThrow("different number of parameter groups");
  });
});

describe("stepping", () => {
  it("skips parameters without gradients and clears gradients", () => {
    const a = param([1, 2]);
    const b = param([5]);
    const opt = new optim.SGD([a, b], { lr: 0.5 });
    a.mul(a).sum().backward();
    opt.step();
    expect(a.toArray()).toEqual([0, 0]);
    expect(b.toArray()).toEqual([5]);
    const grad = a.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(a.grad).toBe(grad);
    expect(grad.toArray()).toEqual([0, 0]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it("runs a closure with grad enabled and returns its loss", () => {
    const p = param([3]);
    const opt = new optim.SGD([p], { lr: 0.1 });
    const loss = torch.noGrad(() =>
      opt.step(() => {
        opt.zeroGrad();
        const l = p.mul(p).sum();
        l.backward();
        return l;
      }),
    ) as Tensor;
    expect(loss.item()).toBe(9);
    expect(p.item()).toBeCloseTo(2.4, 6);
  });

  it("keeps its state across torch.scope", () => {
    const p = param([1, -1]);
    const opt = new optim.Adam([p], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      torch.scope(() => {
        opt.zeroGrad({ setToNone: false });
        p.mul(p).sum().backward();
        opt.step();
      });
    }
    const state = opt.state.get(p)!;
    expect(state.step).toBe(3);
    expect(state.expAvg.isDisposed).toBe(false);
    expect(state.expAvgSq.isDisposed).toBe(false);
    expect(opt.stateDict().state[0]!.step).toBeInstanceOf(torch.Tensor);
  });

  it("updates in place: parameters keep their identity and storage", () => {
    const fc = new nn.Linear(3, 2);
    const storage = fc.weight.storage;
    const opt = new optim.RMSprop(fc.parameters(), { momentum: 0.5, centered: true });
    fc.call(torch.ones([2, 3])).sum().backward();
    opt.step();
    expect(fc.weight.storage).toBe(storage);
    expect(fc.weight.isLeaf).toBe(true);
    expect(fc.weight.requiresGrad).toBe(true);
  });
});

describe("fused backend kernels", () => {
  const calls: { op: string; args: unknown[] }[] = [];
  const reference = torch.backends.getBackendByName("reference");
  torch.backends.registerBackend({
    ...reference,
    name: "fused-optim-test",
    deviceType: "fusedtest",
    priority: 1,
    fused: {
      sgdStep: (...args: unknown[]) => void calls.push({ op: "sgdStep", args }),
      adamStep: (...args: unknown[]) => void calls.push({ op: "adamStep", args }),
      rmspropStep: (...args: unknown[]) => void calls.push({ op: "rmspropStep", args }),
      adagradStep: (...args: unknown[]) => void calls.push({ op: "adagradStep", args }),
    },
  });

  const onDevice = () => {
    const p = new nn.Parameter(torch.ones([2], { device: "fusedtest" }));
    p.grad = torch.ones([2], { device: "fusedtest" });
    return p;
  };

  it("are called instead of the decomposition, with allocated state and PyTorch's hyper-parameters", () => {
    calls.length = 0;
    const p = onDevice();
    const version = p.storage.version;
    const sgd = new optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true });
    sgd.step();
    sgd.step();
    expect(calls.map((c) => c.op)).toEqual(["sgdStep", "sgdStep"]);
    const [param, grad, buf, attrs] = calls[0]!.args as [Tensor, Tensor, Tensor, Record<string, unknown>];
    expect(param).toBe(p);
    expect(grad).toBe(p.grad);
    expect(buf).toBe(sgd.state.get(p)!.momentumBuffer);
    expect(buf.toArray()).toEqual([0, 0]);
    expect(attrs).toEqual({ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true, maximize: false, firstStep: true });
    expect((calls[1]!.args[3] as { firstStep: boolean }).firstStep).toBe(false);
    expect(p.storage.version).toBe(version + 2);
    expect(p.toArray()).toEqual([1, 1]);

    calls.length = 0;
    const q = onDevice();
    const adamw = new optim.AdamW([q], { lr: 0.01, amsgrad: true });
    adamw.step();
    adamw.step();
    const [, , expAvg, expAvgSq, maxSq, adamAttrs] = calls[1]!.args as [Tensor, Tensor, Tensor, Tensor, Tensor, Record<string, unknown>];
    expect([expAvg, expAvgSq, maxSq].every((t) => t instanceof torch.Tensor && t.device.type === "fusedtest")).toBe(true);
    expect(adamAttrs).toEqual({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: true, maximize: false, step: 2, decoupledWeightDecay: true });

    calls.length = 0;
    new optim.RMSprop([onDevice()], { momentum: 0.5 }).step();
    expect((calls[0]!.args[3] as Tensor | null)).toBeNull();
    expect(calls[0]!.args[4]).toBeInstanceOf(torch.Tensor);
    new optim.Adagrad([onDevice()], { lrDecay: 0.1 }).step();
    expect(calls[1]!.op).toBe("adagradStep");
    expect(calls[1]!.args[3]).toEqual({ lr: 0.01, lrDecay: 0.1, weightDecay: 0, eps: 1e-10, maximize: false, step: 1 });
  });
});
