import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/** `gc()`, switched on at runtime (V8 reads the flag when a context is created). */
function collector(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

describe("DataLoader in the calling thread", () => {
  it("lets the garbage collector free each batch's tensors while a for-await loop runs", async () => {
    const gc = collector();
    const data = new torch.utils.data.TensorDataset(torch.randn([3000, 8]), torch.arange(3000));
    const loader = new torch.utils.data.DataLoader(data, { batchSize: 2, numWorkers: 0 });
    const before = torch.memory().tensors;
    let peak = 0;
    let step = 0;
    for await (const [x] of loader) {
      x!.mul(2).relu().sum(); // temporaries nobody disposes, as in a plain training loop
      if (++step % 100 === 0) {
        gc();
        peak = Math.max(peak, torch.memory().tensors - before);
      }
    }
    // 1500 batches make about 9000 tensors; freed as the loop goes, only the last few hundred are ever live
    expect(step).toBe(1500);
    expect(peak).toBeLessThan(1500);
  });
});
