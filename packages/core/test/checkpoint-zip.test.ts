import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZipArchive, ZipError } from "../src/serialization/zip/reader.js";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/checkpoints/${name}`, import.meta.url)));

/** Offset of the end-of-central-directory record (no archive comment in the fixtures). */
const eocdOf = (bytes: Uint8Array) => bytes.length - 22;
/** Offset of the central directory entry for `name`. */
function centralEntryOf(bytes: Uint8Array, name: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let at = view.getUint32(eocdOf(bytes) + 16, true);
  for (;;) {
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)) === name) return at;
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

describe("ZipArchive", () => {
  it("reads STORED, DEFLATE and ZIP64 archives alike", () => {
    const stored = new ZipArchive(fixture("dtypes.pt"));
    for (const name of ["deflate.pt", "zip64.pt"]) {
      const other = new ZipArchive(fixture(name));
      expect(other.names()).toEqual(stored.names());
      for (const record of stored.names()) expect(other.read(record), `${name}: ${record}`).toEqual(stored.read(record));
    }
    expect(new ZipArchive(fixture("deflate.pt")).entries.get("dtypes/data.pkl")!.method).toBe(8);
    expect(new ZipArchive(fixture("zip64.pt")).entries.get("dtypes/data.pkl")!.size).toBe(stored.entries.get("dtypes/data.pkl")!.size);
  });

  it("finds the directory behind an archive comment", () => {
    const bytes = fixture("views.pt");
    const commented = new Uint8Array(bytes.length + 5);
    commented.set(bytes);
    commented.set(new TextEncoder().encode("hello"), bytes.length);
    new DataView(commented.buffer).setUint16(eocdOf(bytes) + 20, 5, true);
    expect(new ZipArchive(commented).names()).toEqual(new ZipArchive(bytes).names());
  });

  it("names unsupported compression and encryption", () => {
    const bytes = fixture("views.pt").slice();
    const entry = centralEntryOf(bytes, "views/data.pkl");
    new DataView(bytes.buffer).setUint16(entry + 10, 14, true); // LZMA
    expect(() => new ZipArchive(bytes, "views.pt").read("views/data.pkl")).toThrow(/views\.pt: record 'views\/data\.pkl' uses compression method 14/);
    new DataView(bytes.buffer).setUint16(entry + 8, 1, true);
    expect(() => new ZipArchive(bytes, "views.pt")).toThrow(/record 'views\/data\.pkl' is encrypted/);
  });

  it("names missing records and non-archives", () => {
    expect(() => new ZipArchive(fixture("views.pt"), "views.pt").read("nope")).toThrow(/views\.pt: no record named 'nope'/);
    expect(() => new ZipArchive(new Uint8Array(100), "x.zip")).toThrow(ZipError);
    expect(() => new ZipArchive(new Uint8Array(100), "x.zip")).toThrow(/x\.zip: no end of central directory record/);
    const bytes = fixture("views.pt");
    expect(() => new ZipArchive(bytes.subarray(0, bytes.length - 40), "cut.pt")).toThrow(/cut\.pt/);
  });
});
