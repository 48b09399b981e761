import type { Sampler, Sized } from "./sampler.js";

/** Indices 0..n-1 in order. */
export class SequentialSampler implements Sampler<number> {
  constructor(readonly dataSource: Sized) {}

  get length(): number {
    return this.dataSource.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.dataSource.length; i++) yield i;
  }
}
