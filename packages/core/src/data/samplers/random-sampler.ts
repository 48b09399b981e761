import { randint, randperm } from "../../ops/creation.js";
import type { Generator } from "../../random/generator.js";
import type { Sampler, Sized } from "./sampler.js";
import { samplerGenerator } from "./sampler-generator.js";

export interface RandomSamplerOptions {
  /** Draw with replacement (then `numSamples` may exceed the dataset's length). */
  replacement?: boolean;
  /** How many indices to yield; defaults to the dataset's length. */
  numSamples?: number;
  generator?: Generator;
}

/** PyTorch's `RandomSampler`: a random permutation per pass, or draws with replacement. */
export class RandomSampler implements Sampler<number> {
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly requested: number | undefined;

  constructor(
    readonly dataSource: Sized,
    options: RandomSamplerOptions = {},
  ) {
    this.replacement = options.replacement ?? false;
    this.generator = options.generator;
    this.requested = options.numSamples;
    if (this.requested !== undefined && (!Number.isInteger(this.requested) || this.requested <= 0)) {
      throw new RangeError(`RandomSampler: numSamples should be a positive integer value, but got numSamples=${this.requested}`);
    }
  }

  get numSamples(): number {
    return this.requested ?? this.dataSource.length;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const g = samplerGenerator(this.generator);
    if (this.replacement) {
      // chunks of 32 draws, as PyTorch does, so long passes need little memory
      for (let left = this.numSamples; left > 0; left -= 32) {
        yield* randint(0, n, [Math.min(32, left)], { generator: g, device: "cpu" }).toArray();
      }
      return;
    }
    for (let k = 0; k < Math.floor(this.numSamples / n); k++) yield* randperm(n, { generator: g, device: "cpu" }).toArray();
    const rest = this.numSamples % n;
    if (rest > 0) yield* randperm(n, { generator: g, device: "cpu" }).toArray().slice(0, rest);
  }
}
