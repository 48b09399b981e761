import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { softmax } from "../../ops/softmax.js";
import { where } from "../../ops/unary.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { dropout } from "./dropout.js";
import { hostTable } from "./host-table.js";

/**
 * Scaled dot-product attention, softmax(q kᵀ · scale + mask) v, as matmuls
 * and a softmax (PyTorch's math path), so gradients come from those ops and
 * every backend runs it.
 */

export interface ScaledDotProductAttentionOptions {
  /**
   * Which keys each query may attend to, broadcastable to [..., L, S]: a bool
   * mask (true = take part) or a float mask added to the scores.
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (applied whenever it is > 0, as in PyTorch). Default 0. */
  dropoutP?: number;
  /** Mask out keys after each query (a lower-triangular mask); not combinable with attnMask. Default false. */
  isCausal?: boolean;
  /** Multiplier of q kᵀ. Default 1/sqrt(E). */
  scale?: number | null;
}

/** [L, S] bool, true where key s may be seen from query l (s <= l), the top-left-aligned causal mask. */
export function causalMask(like: Tensor, L: number, S: number): Tensor {
  return hostTable([L, S], "bool", like, (flat) => (flat % S <= Math.floor(flat / S) ? 1 : 0));
}

/** Adds a bool (true = keep) or float mask to attention scores. */
export function applyAttentionMask(scores: Tensor, mask: Tensor): Tensor {
  return mask.dtype === "bool" ? where(mask, scores, -Infinity) : scores.add(mask);
}

/** softmax(q kᵀ · scale [+ mask]) with optional dropout: the attention weights [..., L, S]. */
export function attentionWeights(query: Tensor, key: Tensor, mask: Tensor | null, scale: number, dropoutP: number, training = true): Tensor {
  let scores = query.mul(scale).matmul(key.transpose(-2, -1));
  if (mask !== null) scores = applyAttentionMask(scores, mask);
  const weights = softmax(scores, -1);
  return dropoutP > 0 && training ? dropout(weights, { p: dropoutP }) : weights;
}

function checkArgs(query: Tensor, key: Tensor, value: Tensor, o: ScaledDotProductAttentionOptions): void {
  const op = "scaledDotProductAttention";
  for (const [name, t] of [["query", query], ["key", key], ["value", value]] as const) {
    if (t.ndim < 2) throw new ShapeError(`${op}: ${name} must have at least 2 dims ([..., L, E]), got ${shapeToString(t.shape)}`);
    if (!isFloatingPoint(t.dtype)) throw new DTypeError(`${op}: expected a floating-point ${name}, got ${t.dtype}`);
  }
  if (query.dtype !== key.dtype || query.dtype !== value.dtype) {
    throw new DTypeError(`${op}: Expected query, key, and value to have the same dtype, but got query.dtype: ${query.dtype}, key.dtype: ${key.dtype} and value.dtype: ${value.dtype} instead.`);
  }
  if (query.shape.at(-1) !== key.shape.at(-1)) {
    throw new ShapeError(`${op}: query ${shapeToString(query.shape)} and key ${shapeToString(key.shape)} must have the same embedding size (last dim)`);
  }
  if (key.shape.at(-2) !== value.shape.at(-2)) {
    throw new ShapeError(`${op}: key ${shapeToString(key.shape)} and value ${shapeToString(value.shape)} must have the same sequence length (dim -2)`);
  }
  const p = o.dropoutP ?? 0;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  if (o.isCausal && o.attnMask) throw new TypeError(`${op}: Explicit attn_mask should not be set when is_causal=True`);
  const mask = o.attnMask;
  if (mask && mask.dtype !== "bool" && mask.dtype !== query.dtype) {
    throw new DTypeError(`${op}: Expected attn_mask dtype to be bool or to match query dtype, but got attn_mask.dtype: ${mask.dtype} and query.dtype: ${query.dtype} instead.`);
  }
}

/**
 * Attention of `query` [..., L, E] over `key` [..., S, E] and `value`
 * [..., S, Ev], giving [..., L, Ev] (PyTorch's `F.scaled_dot_product_attention`).
 *
 * @example
 * ```ts
 * const out = F.scaledDotProductAttention(q, k, v, { isCausal: true });
 * ```
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor {
  checkArgs(query, key, value, options);
  const [L, S] = [query.shape.at(-2)!, key.shape.at(-2)!];
  const mask = options.isCausal ? causalMask(query, L, S) : (options.attnMask ?? null);
  const scale = options.scale ?? 1 / Math.sqrt(query.shape.at(-1)!);
  return attentionWeights(query, key, mask, scale, options.dropoutP ?? 0).matmul(value);
}
