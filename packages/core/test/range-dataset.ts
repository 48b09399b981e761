import { Dataset } from "../src/data/index.js";

/** The dataset 0, 1, ..., n-1, for loader and dataset tests; out-of-range access throws. */
export class Range extends Dataset<number> {
  constructor(readonly n: number) {
    super();
  }
  get length() {
    return this.n;
  }
  get(i: number) {
    if (i < 0 || i >= this.n) throw new RangeError(`index ${i}`);
    return i;
  }
}
