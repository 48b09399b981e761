import * as F from "../functional/index.js";
import { ShapeError } from "../../errors.js";
import { cat, stack } from "../../ops/cat.js";
import { tensor, zeros } from "../../ops/creation.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { pyFloat } from "../module-repr.js";
import type { Parameter } from "../parameter.js";
import { PackedSequence } from "../utils/rnn.js";
import { checkSize, emptyParameter, type FactoryOptions } from "./factory.js";
import { gateCount, gruStep, lstmStep, rnnStep, type RecurrentMode } from "./recurrent-steps.js";

/**
 * The multi-layer recurrent layers (PyTorch's `nn.RNN`, `nn.LSTM`, `nn.GRU`):
 * per layer and direction, the input projection of every time step in one
 * matmul, then one step at a time. Padded batches and PackedSequences run
 * the same loop; a packed batch shrinks as its shorter sequences end.
 */

export interface RNNOptions extends FactoryOptions {
  /** Stacked layers. Default 1. */
  numLayers?: number;
  /** Biases b_ih and b_hh. Default true. */
  bias?: boolean;
  /** Input and output are [N, T, *] instead of [T, N, *] (hidden states stay [layers, N, H]). Default false. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training. Default 0. */
  dropout?: number;
  /** Also run each layer backwards in time and concatenate the features. Default false. */
  bidirectional?: boolean;
}

/** A layer's weights for one direction. */
interface DirectionWeights {
  wIh: Parameter;
  wHh: Parameter;
  bIh: Parameter | null;
  bHh: Parameter | null;
  wHr: Parameter | null;
}

interface SequenceBatch {
  /** Time-major rows: batchSizes[0] rows of step 0, then step 1, ... */
  data: Tensor;
  batchSizes: number[];
}

export class RNNBase extends Module {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;

  constructor(mode: RecurrentMode, inputSize: number, hiddenSize: number, options: RNNOptions & { projSize?: number } = {}) {
    super();
    const name = this.constructor.name;
    checkSize(name, "input_size", inputSize);
    checkSize(name, "hidden_size", hiddenSize, false);
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = options.numLayers ?? 1;
    checkSize(name, "num_layers", this.numLayers, false);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new RangeError(`${name}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${this.dropout}`);
    }
    this.bidirectional = options.bidirectional ?? false;
    this.projSize = options.projSize ?? 0;
    checkSize(name, "proj_size", this.projSize);
    if (this.projSize >= hiddenSize) throw new RangeError(`${name}: proj_size has to be smaller than hidden_size (got ${this.projSize} and ${hiddenSize})`);
    if (this.projSize > 0 && mode !== "LSTM") throw new TypeError(`${name}: proj_size argument is only supported for LSTM, not RNN or GRU`);
    this.registerWeights(options);
    this.resetParameters();
  }

  /** Width of the hidden state h (the projection size when there is one). */
  protected get outputHidden(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  protected get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** weight_ih_l{k}[_reverse], weight_hh, bias_ih, bias_hh, weight_hr in PyTorch's order. */
  private registerWeights(options: FactoryOptions): void {
    const gates = gateCount(this.mode) * this.hiddenSize;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const inputWidth = layer === 0 ? this.inputSize : this.outputHidden * this.directions;
      for (let dir = 0; dir < this.directions; dir++) {
        const suffix = `_l${layer}${dir === 1 ? "_reverse" : ""}`;
        this.registerParameter(`weight_ih${suffix}`, emptyParameter([gates, inputWidth], options));
        this.registerParameter(`weight_hh${suffix}`, emptyParameter([gates, this.outputHidden], options));
        if (this.bias) {
          this.registerParameter(`bias_ih${suffix}`, emptyParameter([gates], options));
          this.registerParameter(`bias_hh${suffix}`, emptyParameter([gates], options));
        }
        if (this.projSize > 0) this.registerParameter(`weight_hr${suffix}`, emptyParameter([this.projSize, this.hiddenSize], options));
      }
    }
  }

  /** Every weight and bias U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)), as in PyTorch. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -bound, bound);
  }

  private weights(layer: number, dir: number): DirectionWeights {
    const suffix = `_l${layer}${dir === 1 ? "_reverse" : ""}`;
    const get = (name: string) => ((this as unknown as Record<string, Parameter | null | undefined>)[`${name}${suffix}`] ?? null);
    return { wIh: get("weight_ih")!, wHh: get("weight_hh")!, bIh: get("bias_ih"), bHh: get("bias_hh"), wHr: get("weight_hr") };
  }

  /** Runs one direction of one layer over a batch; returns its output rows and final h (and c). */
  private runDirection(input: SequenceBatch, w: DirectionWeights, h0: Tensor, c0: Tensor | null, reverse: boolean): [Tensor, Tensor, Tensor | null] {
    const { batchSizes } = input;
    const xw = F.linear(input.data, w.wIh, w.bIh);
    const offsets = batchSizes.reduce<number[]>((acc, b, i) => [...acc, acc[i]! + b], [0]);
    const outputs = new Array<Tensor>(batchSizes.length);
    const finals: { start: number; h: Tensor; c: Tensor | null }[] = [];
    const first = reverse ? batchSizes.at(-1)! : batchSizes[0]!;
    let h = h0.narrow(0, 0, first);
    let c = c0 ? c0.narrow(0, 0, first) : null;
    const order = batchSizes.map((_, t) => (reverse ? batchSizes.length - 1 - t : t));
    for (const t of order) {
      const b = batchSizes[t]!;
      const rows = h.shape[0]!;
      if (b < rows) {
        // the sequences in rows [b, rows) ended at the previous step: their state is final
        finals.push({ start: b, h: h.narrow(0, b, rows - b), c: c ? c.narrow(0, b, rows - b) : null });
        h = h.narrow(0, 0, b);
        c = c ? c.narrow(0, 0, b) : null;
      } else if (b > rows) {
        // running backwards, sequences join at their last step with their initial state
        h = cat([h, h0.narrow(0, rows, b - rows)], 0);
        c = c ? cat([c, c0!.narrow(0, rows, b - rows)], 0) : null;
      }
      [h, c] = this.step(xw.narrow(0, offsets[t]!, b), h, c, w);
      outputs[t] = h;
    }
    finals.push({ start: 0, h, c });
    finals.sort((a, b) => a.start - b.start);
    const hN = finals.length === 1 ? h : cat(finals.map((f) => f.h), 0);
    const cN = c === null ? null : finals.length === 1 ? c : cat(finals.map((f) => f.c!), 0);
    return [cat(outputs, 0), hN, cN];
  }

  private step(xw: Tensor, h: Tensor, c: Tensor | null, w: DirectionWeights): [Tensor, Tensor | null] {
    const hw = F.linear(h, w.wHh, w.bHh);
    switch (this.mode) {
      case "LSTM": {
        const [hNext, cNext] = lstmStep(xw, hw, c!);
        return [w.wHr ? F.linear(hNext, w.wHr) : hNext, cNext];
      }
      case "GRU":
        return [gruStep(xw, hw, h), null];
      default:
        return [rnnStep(this.mode, xw, hw), null];
    }
  }

  private checkHidden(hx: Tensor, expected: number[], batched: boolean, what: string): void {
    const name = this.constructor.name;
    const rank = batched ? 3 : 2;
    if (hx.ndim !== rank) {
      throw new ShapeError(`${name}: For ${batched ? "batched 3-D" : "unbatched 2-D"} input, ${what} should also be ${rank}-D but got ${hx.ndim}-D tensor`);
    }
    const want = batched ? expected : [expected[0]!, expected[2]!];
    if (hx.shape.join() !== want.join()) throw new ShapeError(`${name}: Expected ${what === "hx" ? "hidden" : "cell"} size (${want.join(", ")}), got ${shapeToString(hx.shape)}`);
  }

  /** Runs the layers; `hx` is h0 (with c0 for LSTM). Returns the output and the final states, [layers·dirs, N, H] each. */
  protected run(input: Tensor | PackedSequence, h0: Tensor | null, c0: Tensor | null): [Tensor | PackedSequence, Tensor, Tensor | null] {
    const name = this.constructor.name;
    const packed = input instanceof PackedSequence;
    let batch: SequenceBatch;
    let batched = true;
    let T = 0;
    let N: number;
    if (packed) {
      batch = { data: input.data, batchSizes: input.steps() };
      N = batch.batchSizes[0] ?? 0;
    } else {
      if (input.ndim !== 2 && input.ndim !== 3) throw new ShapeError(`${name}: Expected input to be 2D or 3D, got ${input.ndim}D tensor instead (${shapeToString(input.shape)})`);
      batched = input.ndim === 3;
      const x = !batched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input;
      [T, N] = [x.shape[0]!, x.shape[1]!];
      batch = { data: x.reshape([T * N, x.shape[2]!]), batchSizes: Array.from({ length: T }, () => N) };
    }
    if (batch.data.shape.at(-1) !== this.inputSize) {
      throw new ShapeError(`${name}: input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${batch.data.shape.at(-1)}`);
    }
    const states = this.numLayers * this.directions;
    const initial = (given: Tensor | null, width: number, what: string): Tensor => {
      if (given === null) return zeros([states, N, width], { dtype: batch.data.dtype, device: batch.data.device });
      this.checkHidden(given, [states, N, width], batched, what);
      const h = batched ? given : given.unsqueeze(1);
      return packed && input.sortedIndices ? h.indexSelect(1, input.sortedIndices) : h;
    };
    const hStart = initial(h0, this.outputHidden, "hx");
    const cStart = this.mode === "LSTM" ? initial(c0, this.hiddenSize, "cx") : null;
    const hFinal: Tensor[] = [];
    const cFinal: Tensor[] = [];
    let layerInput = batch;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let dir = 0; dir < this.directions; dir++) {
        const k = layer * this.directions + dir;
        const [out, h, c] = this.runDirection(layerInput, this.weights(layer, dir), hStart.select(0, k), cStart ? cStart.select(0, k) : null, dir === 1);
        outs.push(out);
        hFinal.push(h);
        if (c) cFinal.push(c);
      }
      let data = outs.length === 1 ? outs[0]! : cat(outs, 1);
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) data = F.dropout(data, { p: this.dropout });
      layerInput = { data, batchSizes: batch.batchSizes };
    }
    let hN = stack(hFinal, 0);
    let cN = cFinal.length ? stack(cFinal, 0) : null;
    if (packed) {
      if (input.unsortedIndices) {
        hN = hN.indexSelect(1, input.unsortedIndices);
        cN = cN ? cN.indexSelect(1, input.unsortedIndices) : null;
      }
      const sizes = tensor(batch.batchSizes, { dtype: "int64" });
      return [new PackedSequence(layerInput.data, sizes, input.sortedIndices, input.unsortedIndices), hN, cN];
    }
    let output = layerInput.data.reshape([T, N, layerInput.data.shape[1]!]);
    if (!batched) return [output.squeeze(1), hN.squeeze(1), cN ? cN.squeeze(1) : null];
    if (this.batchFirst) output = output.transpose(0, 1);
    return [output, hN, cN];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ", bias=False";
    if (this.batchFirst) s += ", batch_first=True";
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ", bidirectional=True";
    return s;
  }
}

/**
 * Elman RNN, h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (PyTorch's `nn.RNN`).
 * `call(input, h0?)` returns `[output, hN]`; a PackedSequence in gives one out.
 *
 * @example
 * ```ts
 * const rnn = new nn.RNN(10, 20, { numLayers: 2 });
 * const [output, hN] = rnn.call(torch.randn([5, 3, 10])); // [5, 3, 20], [2, 3, 20]
 * ```
 */
export class RNN extends RNNBase {
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions & { nonlinearity?: "tanh" | "relu" } = {}) {
    const nonlinearity = options.nonlinearity ?? "tanh";
    if (nonlinearity !== "tanh" && nonlinearity !== "relu") throw new TypeError(`RNN: Unknown nonlinearity '${String(nonlinearity)}'. Select from 'tanh' or 'relu'.`);
    super(nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  override forward<I extends Tensor | PackedSequence>(input: I, hx: Tensor | null = null): [I, Tensor] {
    const [out, h] = this.run(input, hx, null);
    return [out as I, h];
  }
}

/**
 * Long short-term memory (PyTorch's `nn.LSTM`), with an optional output
 * projection (`projSize`). `call(input, [h0, c0]?)` returns
 * `[output, [hN, cN]]`.
 *
 * @example
 * ```ts
 * const lstm = new nn.LSTM(10, 20, { batchFirst: true, bidirectional: true });
 * const [output, [hN, cN]] = lstm.call(torch.randn([3, 5, 10])); // output [3, 5, 40]
 * ```
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions & { projSize?: number } = {}) {
    super("LSTM", inputSize, hiddenSize, options);
  }

  override forward<I extends Tensor | PackedSequence>(input: I, hx: readonly [Tensor, Tensor] | null = null): [I, [Tensor, Tensor]] {
    const [out, h, c] = this.run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [out as I, [h, c!]];
  }
}

/**
 * Gated recurrent unit (PyTorch's `nn.GRU`). `call(input, h0?)` returns `[output, hN]`.
 *
 * @example
 * ```ts
 * const gru = new nn.GRU(10, 20, { numLayers: 2, dropout: 0.1 });
 * ```
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super("GRU", inputSize, hiddenSize, options);
  }

  override forward<I extends Tensor | PackedSequence>(input: I, hx: Tensor | null = null): [I, Tensor] {
    const [out, h] = this.run(input, hx, null);
    return [out as I, h];
  }
}
