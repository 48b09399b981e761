import { randperm } from "../../ops/creation.js";
import type { Generator } from "../../random/generator.js";
import type { Sampler } from "./sampler.js";
import { samplerGenerator } from "./sampler-generator.js";

/** PyTorch's `SubsetRandomSampler`: the given indices in a random order each pass. */
export class SubsetRandomSampler implements Sampler<number> {
  constructor(
    readonly indices: readonly number[],
    readonly options: { generator?: Generator } = {},
  ) {}

  get length(): number {
    return this.indices.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const g = samplerGenerator(this.options.generator);
    for (const i of randperm(this.indices.length, { generator: g, device: "cpu" }).toArray()) yield this.indices[i]!;
  }
}
