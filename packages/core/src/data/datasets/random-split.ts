import type { Generator } from "../../random/generator.js";
import { defaultGenerator } from "../../random/generator.js";
import { randperm } from "../../ops/creation.js";
import type { MapDataset } from "./dataset.js";
import { Subset } from "./subset.js";

export interface RandomSplitOptions {
  generator?: Generator;
}

/**
 * PyTorch's `random_split`: non-overlapping random subsets of the given
 * lengths. Lengths that are all fractions summing to 1 are turned into counts
 * (floor), and the remainder is dealt round-robin, as PyTorch does.
 */
export function randomSplit<T>(dataset: MapDataset<T>, lengths: readonly number[], options: RandomSplitOptions = {}): Subset<T>[] {
  const n = dataset.length;
  const counts = toCounts(lengths, n);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== n) throw new RangeError("randomSplit: Sum of input lengths does not equal the length of the input dataset!");
  const order = randperm(n, { generator: options.generator ?? defaultGenerator, device: "cpu" }).toArray();
  let offset = 0;
  return counts.map((c) => new Subset(dataset, order.slice(offset, (offset += c))));
}

/** PyTorch's rule: lengths summing to 1 (and not more than n) are fractions. */
function toCounts(lengths: readonly number[], n: number): number[] {
  const sum = lengths.reduce((a, b) => a + b, 0);
  if (!(Math.abs(sum - 1) <= 1e-9 && sum <= n)) return [...lengths];
  lengths.forEach((f, i) => {
    if (f < 0 || f > 1) throw new RangeError(`randomSplit: Fraction at index ${i} is not between 0 and 1`);
  });
  const counts = lengths.map((f) => Math.floor(n * f));
  const remainder = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) counts[i % counts.length]! += 1;
  return counts;
}
