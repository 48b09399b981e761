import { ShapeError } from "../../errors.js";
import { hostTable } from "../functional/host-table.js";
import { zeros } from "../../ops/creation.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import type { DeviceLike } from "../../device.js";
import type { DType } from "../../dtype.js";
import { ModuleList } from "../containers/module-list.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { LayerNorm } from "./normalization.js";
import {
  TransformerDecoderLayer, TransformerEncoderLayer,
  type DecoderLayerCallOptions, type EncoderLayerCallOptions, type TransformerLayerOptions,
} from "./transformer-layers.js";

export interface TransformerEncoderCallOptions {
  /** Attention mask [L, L] or [N·heads, L, L] (true or -inf = masked out). */
  mask?: Tensor | null;
  /** [N, L]: true for padding positions. */
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * A stack of `numLayers` copies of an encoder layer, then an optional norm
 * (PyTorch's `nn.TransformerEncoder`). The copies start with the given
 * layer's parameter values, as PyTorch's deep copies do.
 *
 * @example
 * ```ts
 * const encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(512, 8), 6);
 * ```
 */
export class TransformerEncoder extends Module {
  layers: ModuleList<TransformerEncoderLayer>;
  norm: Module | null;

  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, options: { norm?: Module | null; enableNestedTensor?: boolean } = {}) {
    super();
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.norm = options.norm ?? null;
  }

  override forward(src: Tensor, options: TransformerEncoderCallOptions = {}): Tensor {
    const call: EncoderLayerCallOptions = { srcMask: options.mask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null };
    let x = src;
    for (const layer of this.layers) x = layer.call(x, call);
    return this.norm ? (this.norm.call(x) as Tensor) : x;
  }
}

/**
 * A stack of `numLayers` copies of a decoder layer, then an optional norm
 * (PyTorch's `nn.TransformerDecoder`).
 */
export class TransformerDecoder extends Module {
  layers: ModuleList<TransformerDecoderLayer>;
  norm: Module | null;

  constructor(decoderLayer: TransformerDecoderLayer, readonly numLayers: number, options: { norm?: Module | null } = {}) {
    super();
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.norm = options.norm ?? null;
  }

  override forward(tgt: Tensor, memory: Tensor, options: DecoderLayerCallOptions = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = layer.call(x, memory, options);
    return this.norm ? (this.norm.call(x) as Tensor) : x;
  }
}

export interface TransformerOptions extends TransformerLayerOptions {
  /** Default 512. */
  dModel?: number;
  /** Default 8. */
  nhead?: number;
  /** Default 6. */
  numEncoderLayers?: number;
  /** Default 6. */
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

export interface TransformerCallOptions {
  srcMask?: Tensor | null;
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * The encoder-decoder transformer of "Attention Is All You Need" (PyTorch's
 * `nn.Transformer`): an encoder stack and a decoder stack, each ending in a
 * LayerNorm; every matrix parameter starts Xavier-uniform.
 *
 * @example
 * ```ts
 * const model = new nn.Transformer(64, 4, { numEncoderLayers: 2, numDecoderLayers: 2, batchFirst: true });
 * const tgtMask = nn.Transformer.generateSquareSubsequentMask(tgt.shape[1]!);
 * model.call(src, tgt, { tgtMask });
 * ```
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;

  /** `new nn.Transformer({ dModel, nhead, ... })`, or `new nn.Transformer(dModel, nhead, { ... })` as PyTorch's positional form. */
  constructor(dModelOrOptions: number | TransformerOptions = {}, heads?: number, rest: TransformerOptions = {}) {
    super();
    const options: TransformerOptions =
      typeof dModelOrOptions === "number" ? { ...rest, dModel: dModelOrOptions, ...(heads !== undefined ? { nhead: heads } : {}) } : dModelOrOptions;
    this.dModel = options.dModel ?? 512;
    this.nhead = options.nhead ?? 8;
    this.batchFirst = options.batchFirst ?? false;
    const { dModel, nhead, numEncoderLayers, numDecoderLayers, customEncoder, customDecoder, ...layer } = options;
    const factory = { ...(options.device !== undefined ? { device: options.device } : {}), ...(options.dtype !== undefined ? { dtype: options.dtype } : {}) };
    const norm = () => new LayerNorm(this.dModel, { ...factory, eps: options.layerNormEps ?? 1e-5 });
    this.encoder = customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(this.dModel, this.nhead, layer), numEncoderLayers ?? 6, { norm: norm() });
    this.decoder = customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(this.dModel, this.nhead, layer), numDecoderLayers ?? 6, { norm: norm() });
    this.resetParameters();
  }

  /** Xavier-uniform for every parameter with more than one dim, as PyTorch does. */
  resetParameters(): void {
    for (const p of this.parameters()) if (p.ndim > 1) init.xavierUniform_(p);
  }

  override forward(src: Tensor, tgt: Tensor, options: TransformerCallOptions = {}): Tensor {
    const batched = src.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    if (batched && src.shape[batchDim] !== tgt.shape[batchDim]) {
      throw new ShapeError(`Transformer: the batch number of src and tgt must be equal (src ${shapeToString(src.shape)}, tgt ${shapeToString(tgt.shape)})`);
    }
    if (src.shape.at(-1) !== this.dModel || tgt.shape.at(-1) !== this.dModel) {
      throw new ShapeError(`Transformer: the feature number of src and tgt must be equal to d_model (${this.dModel}), got src ${shapeToString(src.shape)} and tgt ${shapeToString(tgt.shape)}`);
    }
    const memory = this.encoder.call(src, { mask: options.srcMask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null }) as Tensor;
    return this.decoder.call(tgt, memory, {
      tgtMask: options.tgtMask ?? null, memoryMask: options.memoryMask ?? null,
      tgtKeyPaddingMask: options.tgtKeyPaddingMask ?? null, memoryKeyPaddingMask: options.memoryKeyPaddingMask ?? null,
    }) as Tensor;
  }

  /** [sz, sz] float mask: 0 on and below the diagonal, -inf above (a query sees itself and earlier positions). */
  static generateSquareSubsequentMask(sz: number, options: { device?: DeviceLike; dtype?: DType } = {}): Tensor {
    const like = zeros([], { dtype: options.dtype ?? "float32", ...(options.device !== undefined ? { device: options.device } : {}) });
    return hostTable([sz, sz], like.dtype, like, (flat) => (flat % sz > Math.floor(flat / sz) ? -Infinity : 0));
  }
}
