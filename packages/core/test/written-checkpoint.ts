/**
 * The object `checkpoint-save.test.ts` writes in PyTorch's format. It is
 * built only from literals (no random numbers, no arithmetic), so every
 * backend writes the same bytes; `fixtures/verify_written_checkpoint.py`
 * loads that file in PyTorch and records what Python sees.
 */
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";

export function writtenCheckpoint(): Record<string, unknown> {
  const model = new nn.Linear(3, 2);
  model.loadStateDict({
    weight: torch.tensor([[0.25, -0.5, 0.75], [1.5, -1.25, 0.125]]),
    bias: torch.tensor([0.5, -0.375]),
  });
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
  optimizer.loadStateDict({
    state: {
      0: { step: torch.tensor(2.0, { dtype: "float32" }), exp_avg: torch.tensor([[0.5, 0.25, -0.125], [1.5, 2.5, -3.5]]), exp_avg_sq: torch.tensor([[0.25, 0.0625, 0.5], [1.5, 2.25, 4.5]]) },
      1: { step: torch.tensor(2.0, { dtype: "float32" }), exp_avg: torch.tensor([0.75, -0.25]), exp_avg_sq: torch.tensor([0.5625, 0.0625]) },
    },
    param_groups: [{ lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, params: [0, 1] }],
  });
  const base = torch.arange(12, { dtype: "float32" }).reshape(3, 4);
  const shared = torch.tensor([1.5, 2.5]);
  return {
    model: model.stateDict(),
    optimizer: optimizer.stateDict(),
    epoch: 7,
    lr: 0.05,
    best: -Infinity,
    name: "résumé ✓",
    done: false,
    none: null,
    big: 2n ** 62n,
    negative: -123456789,
    shape: Object.freeze([2, 3]),
    list: [1, 2.5, "a", [true]],
    views: { base, transposed: base.t(), row: base.select(0, 1), column: base.select(1, 2) },
    dtypes: {
      float64: torch.tensor([0.1, -2.5], { dtype: "float64" }),
      float16: torch.tensor([0.5, -65504], { dtype: "float16" }),
      bfloat16: torch.tensor([1.5, -3.0], { dtype: "bfloat16" }),
      int32: torch.tensor([-7, 2147483647], { dtype: "int32" }),
      int64: torch.tensor([-9007199254740991n, 5n], { dtype: "int64" }),
      uint8: torch.tensor([0, 255], { dtype: "uint8" }),
      bool: torch.tensor([true, false, true]),
    },
    empty: torch.zeros([0, 3]),
    scalar: torch.tensor(3.5),
    parameter: new nn.Parameter(torch.tensor([0.5, 0.25])),
    frozen: new nn.Parameter(torch.tensor([4.5]), false),
    shared: [shared, shared],
  };
}
