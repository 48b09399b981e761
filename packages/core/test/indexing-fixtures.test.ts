import { describe, it } from "vitest";
import type { IndexSpec, Tensor } from "../src/index.js";
import { loadFixtures, replayCase } from "./fixture-loader.js";

/**
 * PyTorch's indexing, replayed from test/fixtures/indexing.json (written by
 * fixtures/generate_indexing.py): `x[...]` as `x.index(...)`, `y[...] = v` as
 * `y.set(...)` on a clone, and `index_put` as `indexPut`, with the gradients
 * of the indexed tensor and of the values.
 */

type Encoded = number | boolean | null | "..." | { input: number } | { list: unknown[] } | { start: number | null; end: number | null; step: number | null };

function decodeIndex(spec: Encoded, xs: Tensor[]): IndexSpec {
  if (spec !== null && typeof spec === "object") {
    if ("input" in spec) return xs[spec.input]!;
    if ("list" in spec) return spec.list as IndexSpec;
  }
  return spec as IndexSpec;
}

const OPS: Record<string, (xs: Tensor[], k: Record<string, any>) => Tensor> = {
  index: (xs, k) => xs[0]!.index(...(k.indices as Encoded[]).map((s) => decodeIndex(s, xs))),
  set: (xs, k) => xs[0]!.clone().set((k.indices as Encoded[]).map((s) => decodeIndex(s, xs)), k.value ?? xs[1]!),
  indexPut: (xs, k) => xs[0]!.indexPut((k.indices as Encoded[]).map((s) => decodeIndex(s, xs)), xs[1]!, { accumulate: k.accumulate ?? false }),
};

describe("PyTorch fixtures: indexing", () => {
  for (const c of loadFixtures("indexing")) {
    const op = OPS[c.op];
    if (!op) throw new Error(`fixture ${c.id}: no Taimatsu call for op "${c.op}"`);
    it(c.id, () => replayCase(c, op));
  }
});
