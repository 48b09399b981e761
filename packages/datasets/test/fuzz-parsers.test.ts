/**
 * Seeded fuzzing of the datasets' parsers: tar archives (the streaming
 * reader alone, and whole extractions of damaged .tar and .tar.gz files) and
 * IDX files. Every damaged input parses or throws the parser's typed error
 * (ArchiveError, DatasetFileError), and extraction never writes outside its
 * destination.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { fuzz, mutate } from "@taimatsu/core/testing";
import { ArchiveError, extractArchive, TarParser } from "../src/download/index.js";
import { DatasetFileError } from "../src/index.js";
import { parseIdxBytes } from "../src/idx-file.js";
import { tar } from "./helpers/tar-builder.js";

const tmp = mkdtempSync(join(tmpdir(), "taimatsu-fuzz-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tarCorpus = [
  tar([{ path: "a/", type: "directory" }, { path: "a/x.bin", data: new Uint8Array(700).map((_, i) => i) }, { path: "a/y.txt", data: "hello" }]),
  tar([{ path: `deep/${"n".repeat(150)}.txt`, data: "pax" }, { path: "l", type: "symlink", link: "deep" }, { path: "h", type: "hardlink", link: "l" }]),
  tar([{ path: "empty", data: "" }]),
];

/** A seeded generator for the tests' own choices. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
}

describe("fuzzing the tar reader", () => {
  it("TarParser: any damage gives entries or an ArchiveError", () => {
    const parse = (bytes: Uint8Array) => {
      const parser = new TarParser("fuzz.tar", { begin: () => undefined, data: () => undefined, end: () => undefined });
      for (let i = 0; i < bytes.length; i += 333) parser.push(bytes.subarray(i, i + 333));
      parser.finish();
    };
    const report = fuzz({ corpus: tarCorpus, parse, expected: (e) => e instanceof ArchiveError, iterations: 3000, seed: 31 });
    expect(report.rejected).toBeGreaterThan(500);
  });

  it("extractArchive of damaged .tar and .tar.gz files writes only inside its destination", async () => {
    const rand = seeded(32);
    for (let i = 0; i < 150; i++) {
      const caseDir = join(tmp, `x${i}`);
      const dest = join(caseDir, "dest");
      mkdirSync(dest, { recursive: true });
      const damaged = mutate(tarCorpus[i % tarCorpus.length]!, tarCorpus, rand);
      const gz = i % 2 === 1;
      const archive = join(caseDir, gz ? "in.tar.gz" : "in.tar");
      writeFileSync(archive, gz ? mutate(new Uint8Array(gzipSync(damaged)), [], rand) : damaged);
      const error = await extractArchive(archive, dest).then(() => undefined, (e: unknown) => e);
      if (error !== undefined && !(error instanceof ArchiveError)) throw new Error(`case ${i}: unexpected ${String(error)}`, { cause: error });
      expect(readdirSync(caseDir).sort(), `case ${i}`).toEqual(["dest", gz ? "in.tar.gz" : "in.tar"]);
    }
  });
});

describe("fuzzing the IDX reader", () => {
  const idx = (dims: number[], fill: (i: number) => number) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const out = new Uint8Array(4 + 4 * dims.length + count);
    const view = new DataView(out.buffer);
    out[2] = 8;
    out[3] = dims.length;
    dims.forEach((d, k) => view.setUint32(4 + 4 * k, d));
    for (let i = 0; i < count; i++) out[4 + 4 * dims.length + i] = fill(i);
    return out;
  };

  it("parseIdxBytes: dimensions and data, or a DatasetFileError", () => {
    const corpus = [idx([3, 5, 4], (i) => i * 7), idx([11], (i) => i % 10), idx([2, 2, 2, 2], () => 255)];
    const parse = (bytes: Uint8Array) => {
      const { dims, data } = parseIdxBytes(bytes, "fuzz-idx", "MNIST");
      expect(data.length).toBe(dims.reduce((a, b) => a * b, 1));
    };
    const report = fuzz({ corpus, parse, expected: (e) => e instanceof DatasetFileError, iterations: 3000, seed: 33 });
    expect(report.accepted).toBeGreaterThan(10);
  });
});
