import * as F from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { pyFloat, pyValue } from "../module-repr.js";

/**
 * Zeroes each element with probability `p` during training and scales the
 * rest by 1 / (1 - p); passes the input through after `eval()` (PyTorch's
 * `nn.Dropout`). Draws from the default generator (`torch.manualSeed`).
 *
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.2);
 * model.eval(); // dropout becomes the identity
 * ```
 */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p = 0.5, options: { inplace?: boolean } = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.inplace = options.inplace ?? false;
  }

  override forward(input: Tensor): Tensor {
    const out = F.dropout(input, { p: this.p, training: this.training });
    return this.inplace && out !== input ? input.copy_(out) : out;
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyValue(this.inplace)}`;
  }
}
