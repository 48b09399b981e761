import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
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

/** A one-record DEFLATE archive whose directory declares `declaredSize` for `content`. */
function deflateArchive(content: Uint8Array, declaredSize: number): Uint8Array {
  const name = new TextEncoder().encode("a/data.pkl");
  const data = deflateRawSync(content);
  const out = new Uint8Array(30 + name.length + data.length + 46 + name.length + 22);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(8, 8, true);
  v.setUint32(18, data.length, true);
  v.setUint32(22, declaredSize, true);
  v.setUint16(26, name.length, true);
  out.set(name, 30);
  out.set(data, 30 + name.length);
  const central = 30 + name.length + data.length;
  v.setUint32(central, 0x02014b50, true);
  v.setUint16(central + 10, 8, true);
  v.setUint32(central + 20, data.length, true);
  v.setUint32(central + 24, declaredSize, true);
  v.setUint16(central + 28, name.length, true);
  out.set(name, central + 46);
  const eocd = central + 46 + name.length;
  v.setUint32(eocd, 0x06054b50, true);
  v.setUint16(eocd + 8, 1, true);
  v.setUint16(eocd + 10, 1, true);
  v.setUint32(eocd + 12, 46 + name.length, true);
  v.setUint32(eocd + 16, central, true);
  return out;
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
  it("stops inflating at the size the directory declares", () => {
    // 64 MiB of zeros deflate to about 64 KiB; the directory claims 100 bytes
    const bomb = deflateArchive(new Uint8Array(64 << 20), 100);
    expect(() => new ZipArchive(bomb, "bomb.pt").read("a/data.pkl")).toThrow(/bomb\.pt: record 'a\/data\.pkl' inflates past the 100 bytes its directory declares/);
    // a declared size no DEFLATE stream of that length can reach is refused before inflating
    const liar = deflateArchive(new Uint8Array(1000), 2 ** 31);
    expect(() => new ZipArchive(liar, "liar.pt").read("a/data.pkl")).toThrow(/claims 2147483648 bytes from \d+ compressed/);
  });
});
