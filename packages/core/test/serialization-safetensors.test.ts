import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { DType, Tensor } from "../src/index.js";
import { expectClose, readFixture, type EncodedTensor } from "./nn-fixture-tensors.js";

/**
 * The safetensors format: reading the file fixtures/generate_nn.py assembled
 * from the specification, writing byte-identical files, and clear errors for
 * every kind of corrupt file.
 */

interface SafetensorsFixture {
  file: string;
  metadata: Record<string, string>;
  tensors: Record<string, EncodedTensor>;
  headerLength: number;
  size: number;
}

const fixture = readFixture<SafetensorsFixture>("nn-safetensors.json");
const referencePath = fileURLToPath(new URL(`./fixtures/${fixture.file}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "taimatsu-safetensors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference tensors with their exact dtypes (half types go through float64 values, which are exact). */
function referenceTensors(): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(fixture.tensors).map(([name, e]) => {
      const values = e.dtype === "bool" ? e.values.map((v) => v === true) : e.values.map(Number);
      return [name, torch.tensor(values as number[], { dtype: e.dtype as DType }).reshape(e.shape)];
    }),
  );
}

function headerOf(bytes: Uint8Array): { length: number; json: Record<string, unknown>; raw: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const raw = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  return { length, json: JSON.parse(raw) as Record<string, unknown>, raw };
}

/** A file from a header object and a data section, for the corruption tests. */
function fileWith(header: unknown, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): string {
  const json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  const path = join(dir, `case-${Math.random().toString(16).slice(2)}.safetensors`);
  writeFileSync(path, out);
  return path;
}

describe("safetensors written by Python", () => {
  it("loads every dtype with its values, and the metadata", () => {
    const loaded = torch.load<Record<string, Tensor>>(referencePath);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(fixture.tensors).sort());
    for (const [name, e] of Object.entries(fixture.tensors)) {
      expect(loaded[name]!.dtype, name).toBe(e.dtype);
      expectClose(loaded[name]!.to("float64"), { ...e, dtype: "float64" }, name, { rtol: 0, atol: 0 });
    }
    expect(loaded["ids"]!.dtype).toBe("int64");
    expect(loaded["mask"]!.tolist()).toEqual([true, false, true]);
    expect(torch.loadSafetensors(referencePath).metadata).toEqual(fixture.metadata);
  });

  it("is reproduced byte for byte by saveToBytes", () => {
    const { format: _, ...extra } = fixture.metadata;
    const ours = torch.saveToBytes(referenceTensors(), { metadata: extra });
    const theirs = new Uint8Array(readFileSync(referencePath));
    expect(headerOf(ours).raw).toBe(headerOf(theirs).raw);
    expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
  });
});

describe("safetensors written by Taimatsu", () => {
  it("has the format's layout: u64 length, space-padded JSON, aligned and contiguous data", () => {
    const path = join(dir, "layout.safetensors");
    torch.save({ "fc.weight": torch.ones([2, 3]), "fc.bias": torch.zeros([2], { dtype: "float64" }), step: torch.tensor(7) }, path);
    const bytes = new Uint8Array(readFileSync(path));
    const { length, json, raw } = headerOf(bytes);
    expect((8 + length) % 8).toBe(0);
    expect(raw.trimEnd()).toBe(JSON.stringify(json));
    expect(raw.slice(JSON.stringify(json).length)).toMatch(/^ *$/);
    expect(Object.keys(json)).toEqual(["__metadata__", "step", "fc.bias", "fc.weight"]);
    expect(json.__metadata__).toEqual({ format: "pt" });
    expect(json["step"]).toEqual({ dtype: "I64", shape: [], data_offsets: [0, 8] });
    expect(json["fc.bias"]).toEqual({ dtype: "F64", shape: [2], data_offsets: [8, 24] });
    expect(json["fc.weight"]).toEqual({ dtype: "F32", shape: [2, 3], data_offsets: [24, 48] });
    expect(bytes.length).toBe(8 + length + 48);
    const data = bytes.subarray(8 + length);
    expect(new DataView(data.buffer, data.byteOffset).getBigInt64(0, true)).toBe(7n);
    expect(new DataView(data.buffer, data.byteOffset).getFloat32(24, true)).toBe(1);
  });

  it("round-trips a state dict exactly, including half types and empty tensors", () => {
    const path = join(dir, "roundtrip.safetensors");
    const tensors = referenceTensors();
    torch.save(tensors, path);
    const back = torch.load<Record<string, Tensor>>(path);
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name]!.dtype, name).toBe(t.dtype);
      expect(back[name]!.shape, name).toEqual(t.shape);
      expect(back[name]!.toArray(), name).toEqual(t.toArray());
    }
  });

  it("writes atomically: no temporary files left, an existing file replaced whole", () => {
    const path = join(dir, "atomic.safetensors");
    torch.save({ a: torch.ones([3]) }, path);
    torch.save({ b: torch.zeros([2]) }, path);
    expect(Object.keys(torch.load(path))).toEqual(["b"]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(() => torch.save({ a: torch.ones([1]) }, join(dir, "missing-dir", "x.safetensors"))).toThrow(/save: could not write '.*missing-dir.*x\.safetensors'/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("temporary files of a killed save", () => {
  it("are removed by the next save to the same path; those of live processes are kept", () => {
    const path = join(dir, "killed.safetensors");
    // a process that has exited: its id names no live process
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    const stale = `.killed.safetensors.${gone}.0badc0de.tmp`;
    const live = `.killed.safetensors.${process.pid}.12345678.tmp`;
    const other = `.other.safetensors.${gone}.0badc0de.tmp`;
    for (const f of [stale, live, other]) writeFileSync(join(dir, f), "partial");
    torch.save({ a: torch.ones([2]) }, path);
    const left = readdirSync(dir);
    expect(left).not.toContain(stale);
    expect(left).toContain(live);
    expect(left).toContain(other);
    for (const f of [live, other]) rmSync(join(dir, f));
  });
});

describe("corrupt safetensors files", () => {
  const f32 = (n: number) => new Uint8Array(4 * n);
  const cases: [string, () => string, RegExp][] = [
    ["a file shorter than the length field", () => { const p = join(dir, "short.safetensors"); writeFileSync(p, new Uint8Array(5)); return p; }, /file is truncated: 5 bytes/],
    ["a header length past the end of the file", () => fileWith({}, undefined, 1000n), /header length 1000 runs past the end of the file/],
    ["a header length over 100 MB", () => fileWith({}, undefined, 200_000_000n), /header length 200000000 exceeds the 100 MB limit/],
    ["a header length near 2^64", () => fileWith({}, undefined, 0xffffffffffffff00n), /exceeds the 100 MB limit/],
    ["bad JSON", () => fileWith('{"a": {"dtype": "F32",'), /header is not valid UTF-8 JSON/],
    ["a header that is not an object", () => fileWith("{}  ".replace("{}", "{\"a\":1}")), /tensor 'a': entry is not an object/],
    ["an unknown dtype", () => fileWith({ a: { dtype: "X7", shape: [1], data_offsets: [0, 4] } }, f32(1)), /tensor 'a': unknown dtype "X7"/],
    ["a dtype Taimatsu lacks", () => fileWith({ a: { dtype: "I16", shape: [2], data_offsets: [0, 4] } }, f32(1)), /tensor 'a': dtype I16 is not supported/],
    ["offsets past the data", () => fileWith({ a: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, f32(2)), /tensor 'a': data_offsets \[0, 16\] are out of range \(the data section has 8 bytes\)/],
    ["reversed offsets", () => fileWith({ a: { dtype: "F32", shape: [0], data_offsets: [4, 0] } }, f32(1)), /data_offsets \[4, 0\] are out of range/],
    ["overlapping tensors", () => fileWith({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, f32(3)), /tensor 'b' overlaps tensor 'a'/],
    ["a hole in the data", () => fileWith({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32(2)), /hole of 4 bytes before tensor 'a'/],
    ["trailing data", () => fileWith({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32(2)), /the tensors cover only 4/],
    ["a shape that does not match the offsets", () => fileWith({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32(2)), /shape \[3\] of F32 needs 12 bytes, but data_offsets \[0, 8\] span 8/],
    ["a huge shape", () => fileWith({ a: { dtype: "F64", shape: [1e9, 1e9], data_offsets: [0, 8] } }, f32(2)), /needs 8000000000000000000 bytes/],
    ["a negative dim", () => fileWith({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, f32(1)), /shape \[-1\] is not a list of non-negative integers/],
    ["non-string metadata", () => fileWith({ __metadata__: { epoch: 3 } }), /__metadata__ value for 'epoch' is a number/],
    ["not a safetensors file", () => { const p = join(dir, "text.safetensors"); writeFileSync(p, "hello world, not a tensor file"); return p; }, /not a safetensors file or a PyTorch checkpoint/],
  ];
  for (const [what, make, message] of cases) {
    it(`rejects ${what}, naming the file`, () => {
      const path = make();
      let error: Error | undefined;
      try {
        torch.load(path);
      } catch (e) {
        error = e as Error;
      }
      expect(error, "load should throw").toBeDefined();
      expect(error!.message).toMatch(message);
      expect(error!.message).toContain(path);
      expect(() => torch.loadFromBytes(new Uint8Array(readFileSync(path)), { source: "bytes.safetensors" })).toThrow(message);
    });
  }

  it("rejects a missing file with its path", () => {
    expect(() => torch.load(join(dir, "nope.safetensors"))).toThrow(/load: could not open '.*nope\.safetensors'/);
  });
});
