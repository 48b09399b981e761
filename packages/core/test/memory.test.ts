import v8 from "node:v8";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";

/**
 * Training loops must not leak: tensors are freed by `dispose()`, by an
 * enclosing `torch.scope`, or by the garbage collector (FinalizationRegistry).
 * torch.memory() counts live tensors and storage bytes, so a loop that holds
 * on to nothing must show the same counts at step 100 and step 3000.
 */

const STEPS = 3000;
const CHECKPOINT = 100;

/** `gc()`: node's own when run with --expose-gc, otherwise switched on at runtime (V8 reads the flag when a context is created). */
function gcFunction(): () => void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own) return own;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

let gc: () => void;
beforeAll(() => {
  gc = gcFunction();
});

/** Collects until torch.memory() stops changing; finalizers run in their own event-loop turns after a collection. */
async function collectGarbage(): Promise<torch.MemoryReport> {
  let last = "";
  for (let i = 0; i < 20; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const now = JSON.stringify(torch.memory());
    if (now === last) break;
    last = now;
  }
  return torch.memory();
}

/** What must stay constant: live tensors, storages, bytes. */
function footprint(m: torch.MemoryReport): { tensors: number; storages: number; bytes: number } {
  return { tensors: m.tensors, storages: m.storages, bytes: m.bytes };
}

/** A two-layer MLP regression problem with hand-written SGD. */
class Problem {
  readonly x: Tensor;
  readonly target: Tensor;
  readonly params: Tensor[];

  constructor() {
    const g = new torch.Generator(1234);
    this.x = torch.randn([16, 4], { generator: g });
    this.target = this.x.select(1, 0).mul(this.x.select(1, 1)).unsqueeze(1).detach();
    this.params = [
      torch.randn([4, 16], { generator: g }).mul(0.5).detach().requiresGrad_(),
      torch.zeros([16], { requiresGrad: true }),
      torch.randn([16, 1], { generator: g }).mul(0.3).detach().requiresGrad_(),
      torch.zeros([1], { requiresGrad: true }),
    ];
  }

  loss(): Tensor {
    const [w1, b1, w2, b2] = this.params as [Tensor, Tensor, Tensor, Tensor];
    return this.x.matmul(w1).add(b1).relu().matmul(w2).add(b2).sub(this.target).pow(2).mean();
  }

  /** p -= lr * grad; grad = 0. */
  sgd(lr = 0.05): void {
    torch.noGrad(() => {
      for (const p of this.params) {
        const update = p.grad!.mul(lr);
        p.sub_(update);
        update.dispose();
        p.grad!.zero_();
      }
    });
  }
}

describe("a 3000-step training loop keeps torch.memory() flat", () => {
  it("with torch.scope around each step (freed at once, no garbage collection involved)", async () => {
    const problem = new Problem();
    await collectGarbage();
    const losses: number[] = [];
    let atCheckpoint = torch.memory();
    // synchronous, so no finalizer can run in between: every count is exact
    for (let step = 1; step <= STEPS; step++) {
      losses.push(
        torch.scope(() => {
          const loss = problem.loss();
          loss.backward();
          problem.sgd();
          return loss.item();
        }),
      );
      if (step === CHECKPOINT) atCheckpoint = torch.memory();
    }
    expect(footprint(torch.memory())).toEqual(footprint(atCheckpoint));
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
  });

  it("with explicit dispose of every tensor the step holds (core's internal temporaries go to the collector)", async () => {
    const problem = new Problem();
    let atCheckpoint = footprint(await collectGarbage());
    let first = NaN;
    let last = NaN;
    for (let step = 1; step <= STEPS; step++) {
      const loss = problem.loss();
      loss.backward();
      problem.sgd();
      last = loss.item();
      if (step === 1) first = last;
      const before = torch.memory().bytes;
      loss.dispose();
      // released now, not at the next collection
      expect(torch.memory().bytes).toBe(before - 4);
      if (step === CHECKPOINT) atCheckpoint = footprint(await collectGarbage());
    }
    expect(footprint(await collectGarbage())).toEqual(atCheckpoint);
    expect(last).toBeLessThan(first / 2);
  });

  it("with neither: the garbage collector alone reclaims every step", async () => {
    const problem = new Problem();
    let atCheckpoint = footprint(await collectGarbage());
    for (let step = 1; step <= STEPS; step++) {
      problem.loss().backward();
      problem.sgd();
      // let finalizers run now and then, as an application's event loop would
      if (step % 500 === 0) await collectGarbage();
      if (step === CHECKPOINT) atCheckpoint = footprint(await collectGarbage());
    }
    expect(footprint(await collectGarbage())).toEqual(atCheckpoint);
  });
});

describe("gradients cleared by zeroGrad", () => {
  function model(): { net: torch.nn.Sequential; opt: torch.optim.SGD; x: Tensor; y: Tensor } {
    torch.manualSeed(3);
    const net = new torch.nn.Sequential(new torch.nn.Linear(8, 32), new torch.nn.ReLU(), new torch.nn.Linear(32, 1));
    return { net, opt: new torch.optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 }), x: torch.randn([16, 8]), y: torch.randn([16, 1]) };
  }

  it("are freed at once when nothing outside the optimizer read them (a synchronous loop stays flat)", async () => {
    const { net, opt, x, y } = model();
    await collectGarbage();
    let atCheckpoint = torch.memory();
    // no event-loop turn in between: grads left to the collector would pile up here
    for (let step = 1; step <= 500; step++) {
      torch.scope(() => {
        opt.zeroGrad();
        torch.nn.functional.mseLoss(net.call(x), y).backward();
        opt.step();
      });
      if (step === 10) atCheckpoint = torch.memory();
    }
    expect(footprint(torch.memory())).toEqual(footprint(atCheckpoint));
    // nothing was waiting for the collector, and the last step's gradients go with the next zeroGrad
    expect(footprint(await collectGarbage())).toEqual(footprint(atCheckpoint));
    opt.zeroGrad();
    const gradBytes = net.parameters().reduce((n, p) => n + p.numel() * 4, 0);
    expect(atCheckpoint.bytes - torch.memory().bytes).toBe(gradBytes);
  });

  it("stay valid once read: zeroGrad drops the parameter's reference, not the reader's", () => {
    const { net, opt, x, y } = model();
    torch.nn.functional.mseLoss(net.call(x), y).backward();
    const weight = net.parameters()[0]!;
    const g = weight.grad!;
    const expected = g.clone();
    opt.zeroGrad();
    expect(weight.grad).toBeNull();
    expect(g.isDisposed).toBe(false);
    expect(g.sub(expected).abs().max().item()).toBe(0);
  });

  it("zeroGrad({ setToNone: false }) zeroes in place, so a reader sees zeros", () => {
    const { net, x, y } = model();
    torch.nn.functional.mseLoss(net.call(x), y).backward();
    const bias = net.parameters()[1]!;
    const g = bias.grad!;
    net.zeroGrad({ setToNone: false });
    expect(bias.grad).toBe(g);
    expect(g.abs().sum().item()).toBe(0);
  });
});

describe("garbage collection", () => {
  it("frees tensors and views that were never disposed", { retry: 2 }, async () => {
    const baseline = await collectGarbage();
    (() => {
      for (let i = 0; i < 200; i++) torch.ones([1000]).view(10, 100).t().add(1);
    })();
    expect(torch.memory().bytes).toBeGreaterThan(baseline.bytes + 200 * 4000);
    expect(footprint(await collectGarbage())).toEqual(footprint(baseline));
  });

  it("keeps a storage while any view of it is alive", async () => {
    const baseline = await collectGarbage();
    let view: Tensor | null = (() => torch.ones([1000]).narrow(0, 10, 5))();
    const held = await collectGarbage();
    expect(held.bytes).toBe(baseline.bytes + 4000);
    expect(view.sum().item()).toBe(5);
    view = null;
    expect(footprint(await collectGarbage())).toEqual(footprint(baseline));
  });

  it("frees tensors that left a scope, returned or kept, once they are dropped", async () => {
    // inside a scope tensors are not watched by the collector; leaving the last scope must hand them over
    const baseline = await collectGarbage();
    (() => {
      for (let i = 0; i < 50; i++) {
        torch.scope(() => torch.scope(() => torch.ones([1000]).add(1)));
        torch.scope(() => {
          torch.keep(torch.ones([1000]).mul(2));
        });
      }
    })();
    expect(torch.memory().bytes).toBe(baseline.bytes + 100 * 4000);
    expect(footprint(await collectGarbage())).toEqual(footprint(baseline));
  });

  it("does not count a tensor twice when it is disposed and then collected", async () => {
    const baseline = await collectGarbage();
    (() => {
      for (let i = 0; i < 50; i++) torch.zeros([100]).dispose();
    })();
    expect(footprint(await collectGarbage())).toEqual(footprint(baseline));
  });
});

describe("dispose and scope", () => {
  it("dispose is idempotent and makes later use an error naming the op", () => {
    const t = torch.ones([3]);
    t.dispose();
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => t.add(1)).toThrow(/add.*disposed/);
  });

  it("a view keeps the storage of a disposed base", () => {
    const before = torch.memory().bytes;
    const base = torch.arange(6, 0, -1, { dtype: "float32" });
    const view = base.slice(0, 1, null, 2);
    base.dispose();
    expect(torch.memory().bytes).toBe(before + 24);
    expect(view.tolist()).toEqual([5, 3, 1]);
    view.dispose();
    expect(torch.memory().bytes).toBe(before);
  });

  it("scope keeps what it returns (nested in arrays, objects and maps) and what is marked with keep", () => {
    const before = torch.memory().tensors;
    const kept: Tensor[] = [];
    const result = torch.scope(() => {
      const a = torch.ones([2]).mul(2);
      kept.push(torch.keep(torch.zeros([1]).add(1)));
      return { list: [a], map: new Map([["b", a.add(1)]]) };
    });
    expect(result.list[0]!.tolist()).toEqual([2, 2]);
    expect(result.map.get("b")!.tolist()).toEqual([3, 3]);
    expect(kept[0]!.isDisposed).toBe(false);
    expect(torch.memory().tensors).toBe(before + 3);
    for (const t of [result.list[0]!, result.map.get("b")!, kept[0]!]) t.dispose();
    expect(torch.memory().tensors).toBe(before);
  });

  it("an inner scope's result belongs to the outer scope", () => {
    const before = torch.memory().tensors;
    let inner: Tensor | undefined;
    torch.scope(() => {
      inner = torch.scope(() => torch.ones([2]).add(1));
      expect(inner.isDisposed).toBe(false);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(torch.memory().tensors).toBe(before);
  });

  it("scope disposes its tensors when fn throws", () => {
    const before = torch.memory().tensors;
    expect(() =>
      torch.scope(() => {
        torch.ones([4]);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(torch.memory().tensors).toBe(before);
  });
});

describe("async scope", () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it("frees the temporaries made before and after each await once the promise settles, keeping what it resolves to", async () => {
    const before = torch.memory().tensors;
    let early: Tensor | undefined;
    let late: Tensor | undefined;
    const pending = torch.scope(async () => {
      early = torch.ones([3]).mul(2);
      await tick();
      late = early.add(1);
      await tick();
      expect(early.isDisposed).toBe(false);
      return { result: late.mul(late), count: 2 };
    });
    expect(pending).toBeInstanceOf(Promise);
    const { result, count } = await pending;
    expect(count).toBe(2);
    expect([early!.isDisposed, late!.isDisposed, result.isDisposed]).toEqual([true, true, false]);
    expect(result.tolist()).toEqual([9, 9, 9]);
    result.dispose();
    expect(torch.memory().tensors).toBe(before);
  });

  it("an error inside rejects the returned promise, frees the scope's tensors and leaves the scope stack as it was", async () => {
    const before = torch.memory().tensors;
    let made: Tensor | undefined;
    const failing = torch.scope(async () => {
      made = torch.ones([2]);
      await tick();
      throw new RangeError("boom");
    });
    await expect(failing).rejects.toThrow(RangeError);
    expect(made!.isDisposed).toBe(true);
    expect(torch.memory().tensors).toBe(before);
    // later tensors are not captured by the failed scope's frame: they are the collector's again
    const after = torch.ones([1]);
    await tick();
    expect(after.isDisposed).toBe(false);
    after.dispose();
  });

  it("a synchronous throw inside an async function rejects instead of throwing", async () => {
    const p = torch.scope(async () => {
      throw new Error("at once");
    });
    await expect(p).rejects.toThrow("at once");
  });

  it("nests in an enclosing async scope, which owns what the inner one resolves to", async () => {
    const before = torch.memory().tensors;
    let inner: Tensor | undefined;
    await torch.scope(async () => {
      inner = await torch.scope(async () => {
        await tick();
        return torch.ones([2]).add(1);
      });
      await tick();
      torch.scope(() => inner!.mul(3)); // a synchronous scope inside works as always
      expect(inner.isDisposed).toBe(false);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(torch.memory().tensors).toBe(before);
  });
});
