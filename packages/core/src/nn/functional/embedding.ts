import { noGrad } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/record.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { zeros } from "../../ops/creation.js";
import { hostChecksIndices } from "../../ops/dispatch.js";
import { withTrustedIndices } from "../../ops/indexing.js";
import type { Tensor } from "../../tensor.js";

/**
 * Embedding lookup: rows of `weight` gathered by index. Its own node so the
 * gradient can leave the paddingIdx row untouched, as PyTorch does.
 */

export interface EmbeddingOptions {
  /** This row gets no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

function resolvePaddingIdx(paddingIdx: number | null | undefined, rows: number): number | null {
  if (paddingIdx == null) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx >= rows || paddingIdx < -rows) throw new RangeError("embedding: Padding_idx must be within num_embeddings");
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

function checkIndices(input: Tensor, rows: number): void {
  if (input.dtype !== "int64" && input.dtype !== "int32") {
    throw new DTypeError(`embedding: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype} instead (while checking arguments for embedding)`);
  }
  if (!hostChecksIndices(input) || input.numel() === 0) return;
  if (input.lt(0).logicalOr(input.ge(rows)).any().item()) throw new RangeError("embedding: index out of range in self");
}

/** `F.embedding(input, weight, {paddingIdx})`: input of any shape (integer), weight [V, D] -> [...input.shape, D]. */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  if (weight.ndim !== 2) throw new ShapeError("embedding: 'weight' must be 2-D");
  const [V, D] = weight.shape as [number, number];
  const paddingIdx = resolvePaddingIdx(options.paddingIdx, V);
  checkIndices(input, V);
  const M = input.numel();
  const index = input.reshape([M, 1]).expand([M, D]);
  // the indices were checked above (or are checked by the backend): gather and scatter need not read them back again
  const out = noGrad(() => withTrustedIndices(() => weight.gather(0, index)).reshape([...input.shape, D]));
  return record("EmbeddingBackward0", [weight], out, ([g]) => {
    let rows = g!.reshape([M, D]);
    if (paddingIdx !== null) rows = rows.where(index.ne(paddingIdx), 0);
    return [withTrustedIndices(() => zeros([V, D], { dtype: g!.dtype, device: g!.device }).scatterAdd(0, index, rows))];
  }, [input]);
}
