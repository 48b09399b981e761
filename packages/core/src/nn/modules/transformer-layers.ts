import * as F from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { Dropout } from "./dropout.js";
import type { FactoryOptions } from "./factory.js";
import { Linear } from "./linear.js";
import { MultiheadAttention } from "./multihead-attention.js";
import { LayerNorm } from "./normalization.js";

/** The feed-forward activation: PyTorch's names, a function, or a module (which then shows in the repr and state dict). */
export type TransformerActivation = "relu" | "gelu" | ((x: Tensor) => Tensor) | Module;

export interface TransformerLayerOptions extends FactoryOptions {
  /** Width of the feed-forward block. Default 2048. */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block. Default 0.1. */
  dropout?: number;
  /** Default "relu". */
  activation?: TransformerActivation;
  /** Default 1e-5. */
  layerNormEps?: number;
  /** Inputs and outputs are [N, L, E] instead of [L, N, E]. Default false. */
  batchFirst?: boolean;
  /** Normalise before each block (pre-norm) instead of after the residual sum. Default false. */
  normFirst?: boolean;
}

export interface EncoderLayerCallOptions {
  /** Attention mask [L, L] or [N·heads, L, L] (true or -inf = masked out). */
  srcMask?: Tensor | null;
  /** [N, L]: true for padding positions. */
  srcKeyPaddingMask?: Tensor | null;
}

export interface DecoderLayerCallOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

function activationFn(a: TransformerActivation): (x: Tensor) => Tensor {
  if (a === "relu") return F.relu;
  if (a === "gelu") return (x) => F.gelu(x);
  if (a instanceof Module) return (x) => a.call(x) as Tensor;
  if (typeof a === "function") return a;
  throw new TypeError(`Transformer layer: activation should be relu/gelu, not ${String(a)}`);
}

/** The layer pieces both kinds share: the feed-forward block, its dropouts, the activation. */
function resolved(o: TransformerLayerOptions) {
  return {
    ff: o.dimFeedforward ?? 2048,
    p: o.dropout ?? 0.1,
    eps: o.layerNormEps ?? 1e-5,
    factory: { ...(o.device !== undefined ? { device: o.device } : {}), ...(o.dtype !== undefined ? { dtype: o.dtype } : {}) },
  };
}

/**
 * One encoder block (PyTorch's `nn.TransformerEncoderLayer`): self-attention
 * and a feed-forward block, each with dropout, a residual connection and
 * LayerNorm (after the sum, or before the block with `normFirst`).
 *
 * @example
 * ```ts
 * const layer = new nn.TransformerEncoderLayer(512, 8, { batchFirst: true });
 * layer.call(torch.randn([32, 10, 512])).shape; // [32, 10, 512]
 * ```
 */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  activation: TransformerActivation;
  readonly #act: (x: Tensor) => Tensor;

  constructor(readonly dModel: number, readonly nhead: number, readonly options: TransformerLayerOptions = {}) {
    super();
    const { ff, p, eps, factory } = resolved(options);
    this.registerModule("self_attn", new MultiheadAttention(dModel, nhead, { ...factory, dropout: p, batchFirst: options.batchFirst ?? false }));
    this.linear1 = new Linear(dModel, ff, factory);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(ff, dModel, factory);
    this.normFirst = options.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { ...factory, eps });
    this.norm2 = new LayerNorm(dModel, { ...factory, eps });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.activation = options.activation ?? "relu";
    this.#act = activationFn(this.activation);
  }

  /** A copy with the same configuration and parameter values (PyTorch's deepcopy in TransformerEncoder). */
  clone(): TransformerEncoderLayer {
    const copy = new TransformerEncoderLayer(this.dModel, this.nhead, this.options);
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training) as TransformerEncoderLayer;
  }

  override forward(src: Tensor, options: EncoderLayerCallOptions = {}): Tensor {
    const mask = options.srcMask ?? null;
    const padding = options.srcKeyPaddingMask ?? null;
    let x = src;
    if (this.normFirst) {
      x = x.add(this.selfAttentionBlock(this.norm1.call(x), mask, padding));
      return x.add(this.feedForwardBlock(this.norm2.call(x)));
    }
    x = this.norm1.call(x.add(this.selfAttentionBlock(x, mask, padding)));
    return this.norm2.call(x.add(this.feedForwardBlock(x)));
  }

  private selfAttentionBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [out] = this.self_attn.call(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.call(out);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    return this.dropout2.call(this.linear2.call(this.dropout.call(this.#act(this.linear1.call(x)))));
  }
}

/**
 * One decoder block (PyTorch's `nn.TransformerDecoderLayer`): self-attention,
 * attention over the encoder's memory, and a feed-forward block.
 *
 * @example
 * ```ts
 * const layer = new nn.TransformerDecoderLayer(512, 8);
 * layer.call(tgt, memory, { tgtMask: nn.Transformer.generateSquareSubsequentMask(tgt.shape[0]) });
 * ```
 */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  activation: TransformerActivation;
  readonly #act: (x: Tensor) => Tensor;

  constructor(readonly dModel: number, readonly nhead: number, readonly options: TransformerLayerOptions = {}) {
    super();
    const { ff, p, eps, factory } = resolved(options);
    const attention = () => new MultiheadAttention(dModel, nhead, { ...factory, dropout: p, batchFirst: options.batchFirst ?? false });
    this.registerModule("self_attn", attention());
    this.registerModule("multihead_attn", attention());
    this.linear1 = new Linear(dModel, ff, factory);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(ff, dModel, factory);
    this.normFirst = options.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { ...factory, eps });
    this.norm2 = new LayerNorm(dModel, { ...factory, eps });
    this.norm3 = new LayerNorm(dModel, { ...factory, eps });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.dropout3 = new Dropout(p);
    this.activation = options.activation ?? "relu";
    this.#act = activationFn(this.activation);
  }

  /** A copy with the same configuration and parameter values. */
  clone(): TransformerDecoderLayer {
    const copy = new TransformerDecoderLayer(this.dModel, this.nhead, this.options);
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training) as TransformerDecoderLayer;
  }

  override forward(tgt: Tensor, memory: Tensor, options: DecoderLayerCallOptions = {}): Tensor {
    const o = {
      tgtMask: options.tgtMask ?? null, memoryMask: options.memoryMask ?? null,
      tgtKeyPaddingMask: options.tgtKeyPaddingMask ?? null, memoryKeyPaddingMask: options.memoryKeyPaddingMask ?? null,
    };
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.selfAttentionBlock(this.norm1.call(x), o.tgtMask, o.tgtKeyPaddingMask));
      x = x.add(this.memoryAttentionBlock(this.norm2.call(x), memory, o.memoryMask, o.memoryKeyPaddingMask));
      return x.add(this.feedForwardBlock(this.norm3.call(x)));
    }
    x = this.norm1.call(x.add(this.selfAttentionBlock(x, o.tgtMask, o.tgtKeyPaddingMask)));
    x = this.norm2.call(x.add(this.memoryAttentionBlock(x, memory, o.memoryMask, o.memoryKeyPaddingMask)));
    return this.norm3.call(x.add(this.feedForwardBlock(x)));
  }

  private selfAttentionBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [out] = this.self_attn.call(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.call(out);
  }

  private memoryAttentionBlock(x: Tensor, memory: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [out] = this.multihead_attn.call(x, memory, memory, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout2.call(out);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    return this.dropout3.call(this.linear2.call(this.dropout.call(this.#act(this.linear1.call(x)))));
  }
}
