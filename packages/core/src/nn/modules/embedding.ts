import * as F from "../functional/index.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { ShapeError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { checkSize, emptyParameter, type FactoryOptions } from "./factory.js";

export interface EmbeddingOptions extends FactoryOptions {
  /** This row gets no gradient and starts at zeros (negative counts from the end). */
  paddingIdx?: number | null;
}

function normalizePaddingIdx(paddingIdx: number | null | undefined, num: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx >= num || paddingIdx < -num) {
    throw new RangeError(`Embedding: Padding_idx must be within num_embeddings (got padding_idx=${paddingIdx}, num_embeddings=${num})`);
  }
  return paddingIdx < 0 ? paddingIdx + num : paddingIdx;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`
 * (PyTorch's `nn.Embedding`); weights start as N(0, 1), the padding row
 * as zeros.
 *
 * @example
 * ```ts
 * const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
 * emb.call(torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])).shape; // [2, 4, 3]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions & { weight?: Tensor } = {}) {
    super();
    checkSize("Embedding", "num_embeddings", numEmbeddings);
    checkSize("Embedding", "embedding_dim", embeddingDim);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = normalizePaddingIdx(options.paddingIdx, numEmbeddings);
    if (options.weight) {
      if (options.weight.ndim !== 2 || options.weight.shape[0] !== numEmbeddings || options.weight.shape[1] !== embeddingDim) {
        throw new ShapeError(`Embedding: Shape of weight does not match num_embeddings and embedding_dim (weight [${options.weight.shape.join(", ")}], expected [${numEmbeddings}, ${embeddingDim}])`);
      }
      this.weight = new Parameter(options.weight);
    } else {
      this.weight = emptyParameter([numEmbeddings, embeddingDim], options);
      this.resetParameters();
    }
  }

  /**
   * An Embedding holding the rows of `embeddings` (shared, not copied);
   * frozen (no gradient) unless `freeze: false`.
   */
  static fromPretrained(embeddings: Tensor, options: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new ShapeError(`Embedding.fromPretrained: Embeddings parameter is expected to be 2-dimensional (got shape [${embeddings.shape.join(", ")}])`);
    const [rows, cols] = embeddings.shape as [number, number];
    const emb = new Embedding(rows, cols, { weight: embeddings, paddingIdx: options.paddingIdx });
    emb.weight.requiresGrad = !(options.freeze ?? true);
    return emb;
  }

  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }

  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ""}`;
  }
}
