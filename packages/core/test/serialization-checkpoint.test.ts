import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim, type Tensor } from "../src/index.js";

/**
 * torch.save/load of whole checkpoints: nested objects with numbers and
 * state dicts, the checkpoint helper restoring model, optimizer and
 * scheduler so training resumes exactly, async variants, and dispatch to
 * the PyTorch checkpoint reader.
 */

const dir = mkdtempSync(join(tmpdir(), "taimatsu-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function makeModel(): nn.Module {
  torch.manualSeed(3);
  return new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
}

function trainStep(model: nn.Module, opt: optim.Optimizer, x: Tensor, y: Tensor): number {
  opt.zeroGrad();
  const loss = new nn.MSELoss().call(model.call(x) as Tensor, y);
  loss.backward();
  opt.step();
  return loss.item();
}

describe("checkpoints", () => {
  // JSON.parse makes "__proto__" an own key, as a state dict read from elsewhere may have it
  const withProtoKey = <T>(value: T, rest: Record<string, T>): Record<string, T> => {
    const out = JSON.parse('{"__proto__": 0}') as Record<string, T>;
    Object.defineProperty(out, "__proto__", { value, enumerable: true, writable: true, configurable: true });
    return Object.assign(out, rest);
  };

  it("keeps a key named __proto__ an entry in flat and nested files", () => {
    const flat = withProtoKey(torch.tensor([1.5, 2.5]), { w: torch.tensor([3.5]) });
    const flatPath = join(dir, "proto.safetensors");
    torch.save(flat, flatPath);
    const back = torch.load(flatPath) as Record<string, Tensor>;
    expect(Object.keys(back).sort()).toEqual(["__proto__", "w"]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value.tolist()).toEqual([1.5, 2.5]);
    const nestedPath = join(dir, "proto-nested.safetensors");
    torch.save({ epoch: 1, inner: withProtoKey<unknown>(7, { b: torch.tensor([4.5]) }) }, nestedPath);
    const nested = torch.load(nestedPath) as { inner: Record<string, unknown> };
    expect(Object.keys(nested.inner).sort()).toEqual(["__proto__", "b"]);
    expect(Object.getOwnPropertyDescriptor(nested.inner, "__proto__")?.value).toBe(7);
  });

  it("round-trip nested objects, numbers (non-finite too), strings, arrays and tensors", () => {
    const path = join(dir, "nested.safetensors");
    const obj = {
      epoch: 12,
      best: -Infinity,
      ratio: NaN,
      big: 2n ** 60n,
      name: "run-1",
      flags: [true, false, null],
      model: { "fc.weight": torch.ones([2, 2]), "fc.bias": torch.zeros([2]) },
      history: [torch.tensor([1.5, 2.5]), { loss: 0.25 }],
      lookalike: { __tensor__: "not a reference" },
    };
    torch.save(obj, path);
    const back = torch.load(path);
    expect(back.epoch).toBe(12);
    expect(back.best).toBe(-Infinity);
    expect(back.ratio).toBeNaN();
    expect(back.big).toBe(2n ** 60n);
    expect(back.name).toBe("run-1");
    expect(back.flags).toEqual([true, false, null]);
    expect(back.model["fc.weight"].tolist()).toEqual([[1, 1], [1, 1]]);
    expect(back.history[0].tolist()).toEqual([1.5, 2.5]);
    expect(back.history[1]).toEqual({ loss: 0.25 });
    expect(back.lookalike).toEqual({ __tensor__: "not a reference" });
    // Python readers see the tensors under their paths, and the structure as metadata
    const raw = torch.loadSafetensors(path);
    expect(Object.keys(raw.tensors).sort()).toEqual(["history.0", "model.fc.bias", "model.fc.weight"]);
    expect(JSON.parse(raw.metadata.taimatsu!).epoch).toBe(12);
  });

  it("refuses values that cannot be saved, saying where they are", () => {
    expect(() => torch.save({ model: new nn.Linear(1, 1) }, join(dir, "bad.safetensors"))).toThrow(/cannot save a Linear object.*stateDict\(\).*at 'model'/);
    expect(() => torch.save({ f: () => 1 }, join(dir, "bad.safetensors"))).toThrow(/cannot save a function \(at 'f'\)/);
  });

  it("saveCheckpoint/loadCheckpoint restore model, optimizer and scheduler so training resumes identically", () => {
    const x = torch.randn([8, 3], { generator: new torch.Generator(1) });
    const y = torch.randn([8, 2], { generator: new torch.Generator(2) });
    const build = () => {
      const model = makeModel();
      const opt = new optim.Adam(model.parameters(), { lr: 0.01, amsgrad: true });
      const sched = new optim.lrScheduler.StepLR(opt, 2, { gamma: 0.5 });
      return { model, opt, sched };
    };
    const a = build();
    for (let i = 0; i < 3; i++) {
      trainStep(a.model, a.opt, x, y);
      a.sched.step();
    }
    const path = join(dir, "ckpt.safetensors");
    torch.saveCheckpoint(path, { model: a.model, optimizer: a.opt, scheduler: a.sched, epoch: 3, bestLoss: Infinity });
    const b = build();
    const ckpt = torch.loadCheckpoint(path, { model: b.model, optimizer: b.opt, scheduler: b.sched });
    expect(ckpt.epoch).toBe(3);
    expect(ckpt.bestLoss).toBe(Infinity);
    expect(b.opt.paramGroups[0]!.lr).toBe(a.opt.paramGroups[0]!.lr);
    for (let i = 0; i < 2; i++) {
      expect(trainStep(b.model, b.opt, x, y)).toBe(trainStep(a.model, a.opt, x, y));
      a.sched.step();
      b.sched.step();
    }
    const pa = a.model.stateDict();
    const pb = b.model.stateDict();
    for (const key of Object.keys(pa)) expect(pb[key]!.toArray(), key).toEqual(pa[key]!.toArray());
    expect(() => torch.loadCheckpoint(path, { model: b.model, scheduler: new optim.lrScheduler.ReduceLROnPlateau(b.opt) })).not.toThrow();
    torch.save({ model: a.model.stateDict() }, join(dir, "model-only.safetensors"));
    expect(() => torch.loadCheckpoint(join(dir, "model-only.safetensors"), { optimizer: b.opt })).toThrow(/has no 'optimizer' entry \(it has: model\)/);
  });

  it("has async variants", async () => {
    const path = join(dir, "async.safetensors");
    const model = makeModel();
    const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    await torch.saveCheckpointAsync(path, { model, optimizer: opt, epoch: 1 });
    const back = await torch.loadAsync(path);
    // nested checkpoints keep the original key order (a flat file is in the format's dtype-then-name order)
    expect(Object.keys(back.model)).toEqual(Object.keys(model.stateDict()));
    const restored = makeModel();
    await torch.loadCheckpointAsync(path, { model: restored });
    expect(restored.stateDict()["0.weight"]!.toArray()).toEqual(model.stateDict()["0.weight"]!.toArray());
  });

  it("loads PyTorch's own .pt checkpoints through the same torch.load", () => {
    const path = fileURLToPath(new URL("./fixtures/checkpoints/state-dict.pt", import.meta.url));
    const viaLoad = torch.load<{ state_dict: Record<string, Tensor> }>(path);
    const direct = torch.loadTorchCheckpoint(new Uint8Array(readFileSync(path)), { source: path }) as typeof viaLoad;
    expect(Object.keys(viaLoad)).toEqual(Object.keys(direct));
    const sd = viaLoad.state_dict;
    expect(Object.keys(sd)).toContain("module.bn.running_mean");
    for (const [key, value] of Object.entries(direct.state_dict)) expect(sd[key]!.toArray(), key).toEqual(value.toArray());
  });
});
