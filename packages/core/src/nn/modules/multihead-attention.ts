import * as F from "../functional/index.js";
import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { cat } from "../../ops/cat.js";
import { zeros } from "../../ops/creation.js";
import { where } from "../../ops/unary.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { attentionWeights } from "../functional/attention.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { checkSize, emptyParameter, type FactoryOptions } from "./factory.js";
import { Linear } from "./linear.js";

export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout on the attention weights in training. Default 0. */
  dropout?: number;
  /** Biases of the input and output projections. Default true. */
  bias?: boolean;
  /** Learned bias_k / bias_v appended to the keys and values. Default false. */
  addBiasKv?: boolean;
  /** Append a zero key and value. Default false. */
  addZeroAttn?: boolean;
  /** Feature size of the keys. Default embedDim. */
  kdim?: number | null;
  /** Feature size of the values. Default embedDim. */
  vdim?: number | null;
  /** Inputs and output are [N, L, E] instead of [L, N, E]. Default false. */
  batchFirst?: boolean;
}

export interface MultiheadAttentionCallOptions {
  /** [N, S] (or [S] unbatched): true (or -inf) for keys to ignore, or a float mask added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights. Default true. */
  needWeights?: boolean;
  /** [L, S] or [N·heads, L, S]: true where a query may NOT attend, or a float mask added to the scores. */
  attnMask?: Tensor | null;
  /** Average the returned weights over the heads ([N, L, S]) instead of per head ([N, heads, L, S]). Default true. */
  averageAttnWeights?: boolean;
}

/** The output projection's class, named as PyTorch names it (it shows in reprs). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** A bool mask (true = masked out) or a float mask, as a float mask to add to the scores. */
function additiveMask(mask: Tensor, dtype: Tensor["dtype"]): Tensor {
  if (mask.dtype === "bool") return where(mask, -Infinity, zeros([], { dtype, device: mask.device }));
  if (!isFloatingPoint(mask.dtype)) throw new DTypeError(`MultiheadAttention: only bool and floating types of masks are supported, got ${mask.dtype}`);
  return mask.to(dtype);
}

/** Appends one zero (unmasked) key position to a mask [..., S]. */
function padMask(mask: Tensor | null): Tensor | null {
  return mask === null ? null : F.pad(mask, [0, 1]);
}

/**
 * Multi-head attention (PyTorch's `nn.MultiheadAttention`): the query, key
 * and value projections, scaled dot-product attention per head, and the
 * output projection. `call(query, key, value, options)` returns
 * `[output, weights]` (`weights` is null with `needWeights: false`).
 * State-dict keys: `in_proj_weight` [3E, E] (or `q_proj_weight`,
 * `k_proj_weight`, `v_proj_weight` when kdim/vdim differ from E),
 * `in_proj_bias`, `bias_k`, `bias_v`, `out_proj.weight`, `out_proj.bias`.
 *
 * @example
 * ```ts
 * const mha = new nn.MultiheadAttention(64, 8, { batchFirst: true });
 * const [out, weights] = mha.call(x, x, x); // out [N, L, 64], weights [N, L, L]
 * ```
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly addZeroAttn: boolean;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkSize("MultiheadAttention", "embed_dim", embedDim, false);
    checkSize("MultiheadAttention", "num_heads", numHeads, false);
    if (embedDim % numHeads !== 0) throw new RangeError(`MultiheadAttention: embed_dim must be divisible by num_heads (got ${embedDim} and ${numHeads})`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.kdim = options.kdim ?? embedDim;
    this.vdim = options.vdim ?? embedDim;
    this.dropout = options.dropout ?? 0;
    this.batchFirst = options.batchFirst ?? false;
    this.addZeroAttn = options.addZeroAttn ?? false;
    const bias = options.bias ?? true;
    if (this.sameEmbedDims()) {
      this.registerParameter("in_proj_weight", emptyParameter([3 * embedDim, embedDim], options));
      for (const name of ["q_proj_weight", "k_proj_weight", "v_proj_weight"]) this.registerParameter(name, null);
    } else {
      this.registerParameter("q_proj_weight", emptyParameter([embedDim, embedDim], options));
      this.registerParameter("k_proj_weight", emptyParameter([embedDim, this.kdim], options));
      this.registerParameter("v_proj_weight", emptyParameter([embedDim, this.vdim], options));
      this.registerParameter("in_proj_weight", null);
    }
    this.registerParameter("in_proj_bias", bias ? emptyParameter([3 * embedDim], options) : null);
    this.registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, { ...options, bias }));
    const biasKv = options.addBiasKv ?? false;
    this.registerParameter("bias_k", biasKv ? emptyParameter([1, 1, embedDim], options) : null);
    this.registerParameter("bias_v", biasKv ? emptyParameter([1, 1, embedDim], options) : null);
    this.resetParameters();
  }

  private sameEmbedDims(): boolean {
    return this.kdim === this.embedDim && this.vdim === this.embedDim;
  }

  /** PyTorch's init: Xavier-uniform projections, zero biases, Xavier-normal bias_k/bias_v. */
  resetParameters(): void {
    if (this.in_proj_weight) init.xavierUniform_(this.in_proj_weight);
    for (const w of [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight]) if (w) init.xavierUniform_(w);
    if (this.in_proj_bias) init.zeros_(this.in_proj_bias);
    if (this.out_proj.bias) init.zeros_(this.out_proj.bias);
    if (this.bias_k) init.xavierNormal_(this.bias_k);
    if (this.bias_v) init.xavierNormal_(this.bias_v);
  }

  /** The q, k and v projection weights and biases. */
  private projections(): [Tensor, Tensor | null][] {
    const E = this.embedDim;
    const b = this.in_proj_bias;
    const biases = [0, 1, 2].map((i) => (b ? b.narrow(0, i * E, E) : null));
    const weights = this.in_proj_weight
      ? [0, 1, 2].map((i) => this.in_proj_weight!.narrow(0, i * E, E))
      : [this.q_proj_weight!, this.k_proj_weight!, this.v_proj_weight!];
    return weights.map((w, i) => [w, biases[i]!]);
  }

  private checkInputs(query: Tensor, key: Tensor, value: Tensor): boolean {
    const batched = query.ndim === 3;
    if (query.ndim !== 2 && query.ndim !== 3) throw new ShapeError(`MultiheadAttention: query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
    if (key.ndim !== query.ndim || value.ndim !== query.ndim) {
      throw new ShapeError(`MultiheadAttention: For ${batched ? "batched (3-D)" : "unbatched (2-D)"} \`query\`, expected \`key\` and \`value\` to be ${query.ndim}-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
    }
    const widths: [string, Tensor, number][] = [["query", query, this.embedDim], ["key", key, this.kdim], ["value", value, this.vdim]];
    for (const [name, t, width] of widths) {
      if (t.shape.at(-1) !== width) throw new ShapeError(`MultiheadAttention: was expecting ${name} embedding dimension of ${width}, but got ${shapeToString(t.shape)}`);
    }
    const seq = batched && this.batchFirst ? 1 : 0;
    if (key.shape[seq] !== value.shape[seq]) throw new ShapeError(`MultiheadAttention: key shape ${shapeToString(key.shape)} does not match value shape ${shapeToString(value.shape)}`);
    if (batched) {
      const b = this.batchFirst ? 0 : 1;
      if (key.shape[b] !== query.shape[b] || value.shape[b] !== query.shape[b]) {
        throw new ShapeError(`MultiheadAttention: query ${shapeToString(query.shape)}, key ${shapeToString(key.shape)} and value ${shapeToString(value.shape)} must have the same batch size`);
      }
    }
    return batched;
  }

  override forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionCallOptions = {}): [Tensor, Tensor | null] {
    const batched = this.checkInputs(query, key, value);
    // to [L, N, E]
    const toSeqFirst = (t: Tensor) => (!batched ? t.unsqueeze(1) : this.batchFirst ? t.transpose(0, 1) : t);
    const [q0, k0, v0] = [toSeqFirst(query), toSeqFirst(key), toSeqFirst(value)];
    const [L, N, E] = q0.shape as [number, number, number];
    const H = this.numHeads;
    const [[wq, bq], [wk, bk], [wv, bv]] = this.projections() as [[Tensor, Tensor | null], [Tensor, Tensor | null], [Tensor, Tensor | null]];
    let q = F.linear(q0, wq, bq);
    let k = F.linear(k0, wk, bk);
    let v = F.linear(v0, wv, bv);
    let attnMask = options.attnMask ? this.attnMaskOf(options.attnMask, L, k.shape[0]!, N) : null;
    let padding = options.keyPaddingMask ? this.paddingMaskOf(options.keyPaddingMask, batched, N, k.shape[0]!) : null;
    if (this.bias_k && this.bias_v) {
      k = cat([k, this.bias_k.expand([1, N, E])], 0);
      v = cat([v, this.bias_v.expand([1, N, E])], 0);
      [attnMask, padding] = [padMask(attnMask), padMask(padding)];
    }
    // to [N·H, L, headDim]
    const heads = (t: Tensor) => t.reshape([t.shape[0]!, N * H, this.headDim]).transpose(0, 1);
    [q, k, v] = [heads(q), heads(k), heads(v)];
    if (this.addZeroAttn) {
      const zero = zeros([N * H, 1, this.headDim], { dtype: k.dtype, device: k.device });
      k = cat([k, zero], 1);
      v = cat([v, zero], 1);
      [attnMask, padding] = [padMask(attnMask), padMask(padding)];
    }
    const S = k.shape[1]!;
    let mask = attnMask === null ? null : additiveMask(attnMask, q.dtype);
    if (padding !== null) {
      const pad = additiveMask(padding, q.dtype).reshape([N, 1, 1, S]).expand([N, H, 1, S]).reshape([N * H, 1, S]);
      mask = mask === null ? pad : mask.add(pad);
    }
    const weights = attentionWeights(q, k, mask, 1 / Math.sqrt(this.headDim), this.dropout, this.training);
    const heads0 = weights.matmul(v).transpose(0, 1).reshape([L * N, E]);
    let out = this.out_proj.call(heads0).reshape([L, N, E]);
    out = !batched ? out.squeeze(1) : this.batchFirst ? out.transpose(0, 1) : out;
    if (options.needWeights === false) return [out, null];
    let w = weights.reshape([N, H, L, S]);
    if (options.averageAttnWeights ?? true) w = w.mean(1);
    return [out, batched ? w : w.squeeze(0)];
  }

  /** The attention mask as [1 or N·H, L, S], checked against PyTorch's two accepted shapes. */
  private attnMaskOf(mask: Tensor, L: number, S: number, N: number): Tensor {
    if (mask.ndim === 2) {
      if (mask.shape[0] !== L || mask.shape[1] !== S) throw new ShapeError(`MultiheadAttention: The shape of the 2D attn_mask is ${shapeToString(mask.shape)}, but should be ${shapeToString([L, S])}.`);
      return mask.unsqueeze(0);
    }
    if (mask.ndim === 3) {
      const want = [N * this.numHeads, L, S];
      if (mask.shape.join() !== want.join()) throw new ShapeError(`MultiheadAttention: The shape of the 3D attn_mask is ${shapeToString(mask.shape)}, but should be ${shapeToString(want)}.`);
      return mask;
    }
    throw new ShapeError(`MultiheadAttention: attn_mask's dimension ${mask.ndim} is not supported`);
  }

  /** The key padding mask as [N, S]. */
  private paddingMaskOf(mask: Tensor, batched: boolean, N: number, S: number): Tensor {
    const want = batched ? [N, S] : [S];
    if (mask.shape.join() !== want.join()) {
      throw new ShapeError(`MultiheadAttention: expecting key_padding_mask shape of ${shapeToString(want)}, but got ${shapeToString(mask.shape)}`);
    }
    return batched ? mask : mask.unsqueeze(0);
  }
}
