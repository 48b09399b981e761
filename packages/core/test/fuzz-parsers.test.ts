/**
 * Seeded fuzzing of every file parser in core: damaged safetensors files,
 * PyTorch zip checkpoints, legacy pickle checkpoints and plain pickles must
 * load or throw a typed error (a TaimatsuError), never throw anything else,
 * hang or abort.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { TaimatsuError } from "../src/errors.js";
import { unpickle } from "../src/serialization/pickle/unpickle.js";
import { ZipArchive } from "../src/serialization/zip/reader.js";
import { fuzz } from "../src/testing/fuzz.js";

const dir = new URL("./fixtures/checkpoints/", import.meta.url);
const files = (pattern: RegExp) => readdirSync(dir).filter((f) => pattern.test(f)).map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
const typed = (e: unknown) => e instanceof TaimatsuError;
const ITERATIONS = 1500;

function safetensorsCorpus(): Uint8Array[] {
  return [
    torch.saveToBytes({ w: torch.arange(0, 6, 1, { dtype: "float32" }).reshape(2, 3), b: torch.tensor([1, 2], { dtype: "int64" }) }),
    torch.saveToBytes({ h: torch.tensor([0.5, 1], { dtype: "float16" }), m: torch.tensor([true, false]), e: torch.zeros([0, 3]) }, { metadata: { format: "pt" } }),
  ];
}

describe("fuzzing the parsers (seeded; every damaged input loads or gives a typed error)", () => {
  it("safetensors (loadFromBytes)", () => {
    const report = fuzz({ corpus: safetensorsCorpus(), parse: (b) => torch.loadFromBytes(b), expected: typed, iterations: ITERATIONS, seed: 11 });
    expect(report.rejected).toBeGreaterThan(ITERATIONS / 2);
  });

  it("PyTorch zip checkpoints (loadFromBytes and the zip reader)", () => {
    const corpus = files(/^(state-dict|dtypes|deflate|views|parameters|zip64)\.pt$/);
    expect(corpus.length).toBeGreaterThan(3);
    fuzz({ corpus, parse: (b) => torch.loadFromBytes(b), expected: typed, iterations: ITERATIONS, seed: 12 });
    fuzz({ corpus, parse: (b) => new ZipArchive(b).entries, expected: typed, iterations: ITERATIONS, seed: 13 });
  });

  it("legacy pickle checkpoints and plain pickles", () => {
    const legacy = files(/-legacy\.pt$/);
    const plain = files(/^plain-p\d\.pkl$/);
    expect(legacy.length).toBeGreaterThan(0);
    expect(plain.length).toBeGreaterThan(0);
    fuzz({ corpus: legacy, parse: (b) => torch.loadFromBytes(b), expected: typed, iterations: ITERATIONS, seed: 14 });
    fuzz({ corpus: plain, parse: (b) => unpickle(b), expected: typed, iterations: ITERATIONS, seed: 15 });
  });
});
