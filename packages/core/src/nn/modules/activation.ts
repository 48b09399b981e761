import * as F from "../functional/index.js";
import type { GeluApproximate } from "../../ops/activation.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { pyFloat } from "../module-repr.js";

/**
 * Activation modules: thin wrappers over `nn.functional`, with PyTorch's
 * constructor arguments and reprs. `inplace: true` writes the result into
 * the input, as PyTorch's in-place variants do.
 */

function finish(input: Tensor, out: Tensor, inplace: boolean): Tensor {
  return inplace ? input.copy_(out) : out;
}

const inplaceRepr = (inplace: boolean) => (inplace ? "inplace=True" : "");

/** max(0, x) (PyTorch's `nn.ReLU`). @example `new nn.ReLU().call(x)` */
export class ReLU extends Module {
  readonly inplace: boolean;
  constructor(options: { inplace?: boolean } = {}) {
    super();
    this.inplace = options.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return finish(input, F.relu(input), this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/** min(max(0, x), 6) (PyTorch's `nn.ReLU6`). */
export class ReLU6 extends Module {
  readonly inplace: boolean;
  constructor(options: { inplace?: boolean } = {}) {
    super();
    this.inplace = options.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return finish(input, F.relu6(input), this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/** x for x >= 0, negativeSlope * x otherwise (PyTorch's `nn.LeakyReLU`). @example `new nn.LeakyReLU(0.2)` */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(negativeSlope = 0.01, options: { inplace?: boolean } = {}) {
    super();
    this.negativeSlope = negativeSlope;
    this.inplace = options.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return finish(input, F.leakyRelu(input, this.negativeSlope), this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** Gaussian error linear unit, exact or tanh-approximated (PyTorch's `nn.GELU`). @example `new nn.GELU({ approximate: "tanh" })` */
export class GELU extends Module {
  readonly approximate: GeluApproximate;
  constructor(options: { approximate?: GeluApproximate } = {}) {
    super();
    this.approximate = options.approximate ?? "none";
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x * sigmoid(x) (PyTorch's `nn.SiLU`, a.k.a. swish). */
export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(options: { inplace?: boolean } = {}) {
    super();
    this.inplace = options.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return finish(input, F.silu(input), this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/** x * relu6(x + 3) / 6 (PyTorch's `nn.Hardswish`). */
export class Hardswish extends Module {
  readonly inplace: boolean;
  constructor(options: { inplace?: boolean } = {}) {
    super();
    this.inplace = options.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return finish(input, F.hardswish(input), this.inplace);
  }
}

/** 1 / (1 + exp(-x)) (PyTorch's `nn.Sigmoid`). */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/** Hyperbolic tangent (PyTorch's `nn.Tanh`). */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/** PyTorch's legacy choice when no dim is given (with its deprecation warning). */
function implicitDim(layer: string, ndim: number): number {
  const dim = ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
  console.warn(`${layer}: Implicit dimension choice has been deprecated. Pass dim explicitly (using dim=${dim}).`);
  return dim;
}

/**
 * Softmax along `dim` (PyTorch's `nn.Softmax`).
 *
 * @example
 * ```ts
 * new nn.Softmax(1).call(torch.randn([2, 3])).sum(1); // ones
 * ```
 */
export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim ?? implicitDim("Softmax", input.ndim));
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

/** log(softmax(x)) along `dim`, computed stably (PyTorch's `nn.LogSoftmax`). */
export class LogSoftmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim ?? implicitDim("LogSoftmax", input.ndim));
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}
