import * as F from "../functional/index.js";
import { ShapeError } from "../../errors.js";
import { zeros } from "../../ops/creation.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { checkSize, emptyParameter, type FactoryOptions } from "./factory.js";
import { gateCount, gruStep, lstmStep, rnnStep, type RecurrentMode } from "./recurrent-steps.js";

/**
 * Single-step recurrent cells (PyTorch's `nn.RNNCell`, `nn.LSTMCell`,
 * `nn.GRUCell`): input [N, I] or [I], state [N, H] or [H]; parameters
 * `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, all U(-1/sqrt(H), 1/sqrt(H)).
 */

export interface RNNCellOptions extends FactoryOptions {
  /** Default true. */
  bias?: boolean;
}

export class RNNCellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  constructor(protected readonly mode: RecurrentMode, inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super();
    checkSize(this.constructor.name, "input_size", inputSize);
    checkSize(this.constructor.name, "hidden_size", hiddenSize, false);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = options.bias ?? true;
    const gates = gateCount(mode) * hiddenSize;
    this.weight_ih = emptyParameter([gates, inputSize], options);
    this.weight_hh = emptyParameter([gates, hiddenSize], options);
    this.bias_ih = this.bias ? emptyParameter([gates], options) : null;
    this.bias_hh = this.bias ? emptyParameter([gates], options) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -bound, bound);
  }

  /** The input as [N, I] and whether it was unbatched. */
  protected batchOf(input: Tensor): [Tensor, boolean] {
    const name = this.constructor.name;
    if (input.ndim !== 1 && input.ndim !== 2) throw new ShapeError(`${name}: Expected input to be 1D or 2D, got ${input.ndim}D instead (${shapeToString(input.shape)})`);
    if (input.shape.at(-1) !== this.inputSize) {
      throw new ShapeError(`${name}: input has inconsistent input_size: got ${input.shape.at(-1)} expected ${this.inputSize}`);
    }
    return input.ndim === 1 ? [input.unsqueeze(0), true] : [input, false];
  }

  /** A given state as [N, H] (checked), or zeros. */
  protected stateOf(state: Tensor | null | undefined, x: Tensor, unbatched: boolean, what: string): Tensor {
    const N = x.shape[0]!;
    if (state == null) return zeros([N, this.hiddenSize], { dtype: x.dtype, device: x.device });
    const s = unbatched ? state.unsqueeze(0) : state;
    if (s.shape.join() !== [N, this.hiddenSize].join()) {
      throw new ShapeError(`${this.constructor.name}: ${what} ${shapeToString(state.shape)} does not match input batch ${N} and hidden_size ${this.hiddenSize}`);
    }
    return s;
  }

  protected projections(x: Tensor, h: Tensor): [Tensor, Tensor] {
    return [F.linear(x, this.weight_ih, this.bias_ih), F.linear(h, this.weight_hh, this.bias_hh)];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ", bias=False";
    if (this.mode === "RNN_RELU") s += ", nonlinearity=relu";
    return s;
  }
}

/** h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) for one step (PyTorch's `nn.RNNCell`). */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions & { nonlinearity?: "tanh" | "relu" } = {}) {
    const nonlinearity = options.nonlinearity ?? "tanh";
    if (nonlinearity !== "tanh" && nonlinearity !== "relu") throw new TypeError(`RNNCell: Unknown nonlinearity: ${String(nonlinearity)}`);
    super(nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [x, unbatched] = this.batchOf(input);
    const h = this.stateOf(hx, x, unbatched, "hx");
    const out = rnnStep(this.mode as "RNN_TANH" | "RNN_RELU", ...this.projections(x, h));
    return unbatched ? out.squeeze(0) : out;
  }
}

/** One LSTM step; `call(input, [h, c]?)` returns `[h', c']` (PyTorch's `nn.LSTMCell`). */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super("LSTM", inputSize, hiddenSize, options);
  }

  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [x, unbatched] = this.batchOf(input);
    const h = this.stateOf(hx?.[0], x, unbatched, "hx");
    const c = this.stateOf(hx?.[1], x, unbatched, "cx");
    const [xw, hw] = this.projections(x, h);
    const [hNext, cNext] = lstmStep(xw, hw, c);
    return unbatched ? [hNext.squeeze(0), cNext.squeeze(0)] : [hNext, cNext];
  }
}

/** One GRU step (PyTorch's `nn.GRUCell`). */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super("GRU", inputSize, hiddenSize, options);
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [x, unbatched] = this.batchOf(input);
    const h = this.stateOf(hx, x, unbatched, "hx");
    const out = gruStep(...this.projections(x, h), h);
    return unbatched ? out.squeeze(0) : out;
  }
}
