import { afterEach, describe, expect, it, vi } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";
import { resetMemoryGrowthWatch } from "../src/memory-growth.js";

/**
 * A synchronous loop outside torch.scope never lets finalizers run, so every
 * step's tensors stay alive. The optimizer notices the growth and warns once
 * with the fix; the same loop inside torch.scope frees its tensors and stays
 * quiet.
 */
describe("memory growth in a synchronous training loop", () => {
  afterEach(() => vi.restoreAllMocks());

  function trainStep(model: nn.Linear, opt: optim.SGD): void {
    const x = torch.randn([2048, 32]); // 256 KiB of input and as much per activation, little arithmetic
    const loss = model.call(x).square().mean();
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }

  it("warns once, with the fix, when memory keeps growing and nothing is freed", () => {
    // the default thresholds are 20 steps and 64 MiB; a smaller loop shows the same logic
    resetMemoryGrowthWatch({ steps: 5, bytes: 2 ** 20 });
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const model = new nn.Linear(32, 32);
    const opt = new optim.SGD(model.parameters(), { lr: 1e-3 });
    for (let i = 0; i < 12; i++) trainStep(model, opt);
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, type] = warn.mock.calls[0]! as [string, string];
    expect(type).toBe("TaimatsuMemoryWarning");
    expect(message).toMatch(/grown by \d+\.\d MB per optimizer step over the last \d+ steps/);
    expect(message).toMatch(/torch\.scope/);
  });

  it("stays quiet when each step runs inside torch.scope", () => {
    resetMemoryGrowthWatch({ steps: 5, bytes: 2 ** 20 });
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const model = new nn.Linear(32, 32);
    const opt = new optim.SGD(model.parameters(), { lr: 1e-3 });
    const before = torch.memory().bytes;
    for (let i = 0; i < 12; i++) torch.scope(() => trainStep(model, opt));
    expect(warn).not.toHaveBeenCalled();
    // the parameters' gradients are the only new memory: 32 * 33 floats
    expect(torch.memory().bytes - before).toBeLessThanOrEqual(32 * 33 * 4);
  });
});
