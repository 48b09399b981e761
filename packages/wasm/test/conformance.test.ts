import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
// the built package: the module ships in dist/ beside its JS
import * as wasm from "../dist/index.js";
import { op, runConformance } from "@taimatsu/core/testing";

/**
 * Two optimizer updates of a parameter from a given gradient: reaches the
 * fused optimizer-step kernels, which the shared op table does not cover yet.
 */
function optimizerOp(label: string, make: (p: torch.Tensor[]) => torch.optim.Optimizer, fused: string) {
  return op(label, (w, g) => {
    const p = w.detach().clone().requiresGrad_(true);
    const opt = make([p]);
    for (let i = 0; i < 2; i++) {
      p.grad = g.mul(i + 1);
      opt.step();
    }
    return p.detach();
  }, [[[3, 4], [3, 4]]], { dtypes: ["float32", "float64"], grad: false, fused: [fused] });
}

const extraOps = [
  optimizerOp("optim.RMSprop(centered, momentum)", (p) => new torch.optim.RMSprop(p, { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.01 }), "rmspropStep"),
  optimizerOp("optim.RMSprop", (p) => new torch.optim.RMSprop(p, { lr: 0.01 }), "rmspropStep"),
  optimizerOp("optim.Adagrad", (p) => new torch.optim.Adagrad(p, { lr: 0.1, lrDecay: 0.01, weightDecay: 0.1 }), "adagradStep"),
  optimizerOp("optim.SGD(momentum, nesterov)", (p) => new torch.optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }), "sgdStep"),
  optimizerOp("optim.Adam(amsgrad)", (p) => new torch.optim.Adam(p, { lr: 0.01, amsgrad: true }), "adamStep"),
  optimizerOp("optim.AdamW", (p) => new torch.optim.AdamW(p, { lr: 0.01, weightDecay: 0.1 }), "adamStep"),
];

// The shared suite from @taimatsu/core: every primitive, op and gradient checked against the reference backend,
// on two threads (kernels split work that passes their grain size between the calling thread and a worker).
beforeAll(async () => {
  torch.setNumThreads(2);
  await wasm.ready();
  expect(wasm.info()).toMatchObject({ threaded: true, threads: 2, workers: 1 });
});

runConformance({
  backend: "wasm",
  test: { describe, it, expect },
  extraOps,
});
