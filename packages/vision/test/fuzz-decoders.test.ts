/**
 * Seeded fuzzing of the image decoders: every damaged PNG or JPEG decodes or
 * throws an ImageDecodeError, never anything else, a hang or an abort.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fuzz } from "@taimatsu/core/testing";
import { crc32, decodeImage, decodePngImage, ImageDecodeError } from "../src/io/index.js";

const dir = new URL("./fixtures/images/", import.meta.url);
const load = (pattern: RegExp) => readdirSync(dir).filter((f) => pattern.test(f)).map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
const typed = (e: unknown) => e instanceof ImageDecodeError;

/** Rewrites each chunk's CRC, so that damage reaches the decoder behind the CRC check. */
function withFixedCrcs(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  for (let pos = 8; pos + 12 <= out.length; ) {
    const length = view.getUint32(pos);
    if (pos + 12 + length > out.length) break;
    view.setUint32(pos + 8 + length, crc32(out.subarray(pos + 4, pos + 8 + length)));
    pos += 12 + length;
  }
  return out;
}

describe("fuzzing the image decoders (seeded)", () => {
  it("PNG: every colour type, bit depth and interlacing in the corpus", () => {
    const corpus = load(/\.png$/);
    expect(corpus.length).toBeGreaterThan(5);
    const report = fuzz({ corpus, parse: (b) => decodePngImage(b), expected: typed, iterations: 2000, seed: 21 });
    expect(report.rejected).toBeGreaterThan(1000);
  });

  it("PNG with valid CRCs: damage inside headers, palettes and compressed data", () => {
    const report = fuzz({ corpus: load(/\.png$/), parse: (b) => decodePngImage(withFixedCrcs(b)), expected: typed, iterations: 2000, seed: 23 });
    expect(report.accepted).toBeGreaterThan(50);
  });

  it("decodeImage on PNG and JPEG data", () => {
    fuzz({ corpus: load(/\.(png|jpg)$/), parse: (b) => decodeImage(b), expected: typed, iterations: 600, seed: 22 });
  });
});
