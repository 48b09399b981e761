import * as F from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { pyValue } from "../module-repr.js";
import type { Parameter } from "../parameter.js";
import { checkSize, emptyParameter, type FactoryOptions } from "./factory.js";

/** bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's default for Linear and Conv layers. */
export function initFanInBias(bias: Parameter | null, weight: Tensor): void {
  if (!bias) return;
  const { fanIn } = init.calculateFanInAndFanOut(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  init.uniform_(bias, -bound, bound);
}

/**
 * y = x Wᵀ + b (PyTorch's `nn.Linear`). Weight [out, in] and bias [out] start
 * as U(-1/sqrt(in), 1/sqrt(in)), as in PyTorch.
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(400, 120);
 * fc.call(torch.randn([8, 400])).shape; // [8, 120]
 * String(fc); // "Linear(in_features=400, out_features=120, bias=True)"
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: FactoryOptions & { bias?: boolean } = {}) {
    super();
    checkSize("Linear", "in_features", inFeatures);
    checkSize("Linear", "out_features", outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = emptyParameter([outFeatures, inFeatures], options);
    this.bias = (options.bias ?? true) ? emptyParameter([outFeatures], options) : null;
    this.resetParameters();
  }

  /** Re-draws weight and bias from the default distributions. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    initFanInBias(this.bias, this.weight);
  }

  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyValue(this.bias !== null)}`;
  }
}

/**
 * y = x1ᵀ A x2 + b per output feature (PyTorch's `nn.Bilinear`): weight
 * [out, in1, in2], all parameters U(-1/sqrt(in1), 1/sqrt(in1)).
 *
 * @example
 * ```ts
 * const bl = new nn.Bilinear(20, 30, 40);
 * bl.call(torch.randn([128, 20]), torch.randn([128, 30])).shape; // [128, 40]
 * ```
 */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, options: FactoryOptions & { bias?: boolean } = {}) {
    super();
    checkSize("Bilinear", "in1_features", in1Features);
    checkSize("Bilinear", "in2_features", in2Features);
    checkSize("Bilinear", "out_features", outFeatures);
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = emptyParameter([outFeatures, in1Features, in2Features], options);
    this.bias = (options.bias ?? true) ? emptyParameter([outFeatures], options) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyValue(this.bias !== null)}`;
  }
}

/** Returns its input unchanged (PyTorch's `nn.Identity`), e.g. to switch off a layer. */
export class Identity extends Module {
  constructor(..._ignored: unknown[]) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return input;
  }
}
