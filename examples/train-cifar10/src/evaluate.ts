/** Test-set loss and top-1 accuracy: eval mode (BatchNorm running statistics), no autograd. */
import * as torch from "@taimatsu/core";
import type { Batch } from "./cifar10-loaders.js";

export interface EvalStats {
  images: number;
  /** Mean cross-entropy per image, without label smoothing. */
  loss: number;
  /** Top-1 accuracy in percent. */
  accuracy: number;
  seconds: number;
}

export async function evaluate(model: torch.nn.Module, loader: AsyncIterable<Batch>): Promise<EvalStats> {
  model.eval();
  const start = performance.now();
  let images = 0;
  let lossSum = 0;
  let correct = 0;
  for await (const [inputs, labels] of loader) {
    images += labels.shape[0]!;
    const batch = torch.scope(() => torch.noGrad(() => scoreBatch(model, inputs, labels)));
    inputs.dispose();
    labels.dispose();
    lossSum += batch.lossSum;
    correct += batch.correct;
  }
  model.train();
  const seconds = (performance.now() - start) / 1000;
  return { images, loss: images ? lossSum / images : 0, accuracy: images ? (100 * correct) / images : 0, seconds };
}

function scoreBatch(model: torch.nn.Module, inputs: torch.Tensor, labels: torch.Tensor): { lossSum: number; correct: number } {
  const logits = model.call(inputs) as torch.Tensor;
  const lossSum = torch.nn.functional.crossEntropy(logits, labels, { reduction: "sum" }).item();
  return { lossSum, correct: logits.argmax(1).eq(labels).sum().item() };
}
