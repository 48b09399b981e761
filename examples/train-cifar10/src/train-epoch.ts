/**
 * One pass over the training loader: forward, loss, backward, SGD step and a
 * scheduler step per batch, with running loss, accuracy and throughput.
 */
import * as torch from "@taimatsu/core";
import type { Batch } from "./cifar10-loaders.js";

export interface TrainingParts {
  model: torch.nn.Module;
  criterion: torch.nn.CrossEntropyLoss;
  optimizer: torch.optim.SGD;
  scheduler: { step(): void };
}

export interface RunningStats {
  batches: number;
  images: number;
  /** Mean loss per image so far. */
  loss: number;
  /** Percent of the images so far classified right (before their step). */
  accuracy: number;
  seconds: number;
  /** Learning rate of the first group for the batch just taken. */
  lr: number;
}

export async function trainEpoch(parts: TrainingParts, loader: AsyncIterable<Batch>, onBatch: (stats: RunningStats) => void): Promise<RunningStats> {
  parts.model.train();
  const start = performance.now();
  const stats: RunningStats = { batches: 0, images: 0, loss: 0, accuracy: 0, seconds: 0, lr: 0 };
  let lossSum = 0;
  let correct = 0;
  for await (const [inputs, labels] of loader) {
    stats.lr = parts.optimizer.paramGroups[0]!.lr;
    const count = labels.shape[0]!;
    const step = trainStep(parts, inputs, labels);
    inputs.dispose();
    labels.dispose();
    parts.scheduler.step();
    lossSum += step.loss * count;
    correct += step.correct;
    stats.batches += 1;
    stats.images += count;
    stats.loss = lossSum / stats.images;
    stats.accuracy = (100 * correct) / stats.images;
    stats.seconds = (performance.now() - start) / 1000;
    onBatch(stats);
  }
  return stats;
}

/** Everything the step creates is freed when it returns; parameters, gradients and optimizer state live on. */
function trainStep(parts: TrainingParts, inputs: torch.Tensor, labels: torch.Tensor): { loss: number; correct: number } {
  return torch.scope(() => {
    parts.optimizer.zeroGrad();
    const logits = parts.model.call(inputs) as torch.Tensor;
    const loss = parts.criterion.call(logits, labels);
    loss.backward();
    parts.optimizer.step();
    const correct = torch.noGrad(() => logits.argmax(1).eq(labels).sum().item());
    return { loss: loss.item(), correct };
  });
}
