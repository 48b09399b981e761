/**
 * Top-1 accuracy of a model over labelled CIFAR images, with throughput:
 * eval mode, no autograd, batch after batch in order.
 */
import * as torch from "@taimatsu/core";
import type { Normalization } from "./eval-weights.js";
import { normalizedBatch } from "./normalized-batch.js";

export interface EvalData {
  /** N x 32 x 32 x 3 uint8 pixels. */
  data: Uint8Array;
  labels: ArrayLike<number>;
}

export interface EvalProgress {
  done: number;
  total: number;
  correct: number;
  seconds: number;
}

export interface EvalResult {
  correct: number;
  total: number;
  /** Percent. */
  top1: number;
  /** Images per second over the whole loop (batch preparation included). */
  imagesPerSecond: number;
}

export interface EvaluateOptions {
  normalization: Normalization;
  batchSize: number;
  /** At most this many images, from the start. */
  limit?: number;
  onBatch?: (progress: EvalProgress) => void;
}

export function evaluate(model: torch.nn.Module, set: EvalData, options: EvaluateOptions): EvalResult {
  const total = Math.min(options.limit ?? set.labels.length, set.labels.length);
  model.eval();
  const start = performance.now();
  let correct = 0;
  torch.noGrad(() => {
    for (let from = 0; from < total; from += options.batchSize) {
      const to = Math.min(from + options.batchSize, total);
      correct += torch.scope(() => countCorrect(model, set, from, to, options.normalization));
      options.onBatch?.({ done: to, total, correct, seconds: (performance.now() - start) / 1000 });
    }
  });
  const seconds = Math.max((performance.now() - start) / 1000, 1e-9);
  return { correct, total, top1: total === 0 ? 0 : (100 * correct) / total, imagesPerSecond: total / seconds };
}

function countCorrect(model: torch.nn.Module, set: EvalData, from: number, to: number, norm: Normalization): number {
  const logits = model.call(normalizedBatch(set.data, from, to, norm)) as torch.Tensor;
  const predicted = logits.argmax(1).dataSync();
  let correct = 0;
  for (let i = 0; i < to - from; i++) if (Number(predicted[i]) === set.labels[from + i]) correct++;
  return correct;
}
