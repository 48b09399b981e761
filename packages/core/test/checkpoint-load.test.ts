import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nn, Tensor } from "../src/index.js";
import { loadTorchCheckpoint, UnpicklingError } from "../src/serialization/torch-checkpoint/index.js";
import { ZipArchive } from "../src/serialization/zip/reader.js";

/** What generate_checkpoints.py recorded about each fixture. */
interface TensorExpectation {
  dtype: string;
  shape: number[];
  stride: number[];
  offset: number;
  values: (number | string)[];
  requires_grad: boolean;
}
interface ObjectExpectation {
  tensors: Record<string, TensorExpectation>;
  shared?: string[][];
  same?: string[][];
  keys?: string[];
  metadata?: Record<string, unknown>;
}

const FIXTURES = new URL("./fixtures/checkpoints/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("expected.json", FIXTURES), "utf8")) as {
  objects: Record<string, ObjectExpectation>;
  fixtures: Record<string, string>;
};
const load = (name: string) => loadTorchCheckpoint(new Uint8Array(readFileSync(new URL(name, FIXTURES))), { source: name });

/** Tensors by dotted path, walked the way the generator's describe_tree walks Python objects. */
function tensorsByPath(value: unknown, path = "", out = new Map<string, Tensor>()): Map<string, Tensor> {
  const join = (key: string) => (path ? `${path}.${key}` : key);
  if (value instanceof Tensor) out.set(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => tensorsByPath(v, join(String(i)), out));
  else if (value instanceof Map) for (const [k, v] of value) tensorsByPath(v, join(String(k)), out);
  else if (value && typeof value === "object" && !(value instanceof Set) && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) tensorsByPath(v, join(k), out);
  }
  return out;
}

function jsonNumber(v: number): number | string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

function describeTensor(t: Tensor): TensorExpectation {
  const values = t.dtype === "int64" ? Array.from(t.dataSync() as BigInt64Array, String) : t.toArray().map(jsonNumber);
  return { dtype: t.dtype, shape: t.size(), stride: t.stride(), offset: t.storageOffset(), values, requires_grad: t.requiresGrad };
}

function checkObject(name: string, loaded: unknown, expected: ObjectExpectation): Map<string, Tensor> {
  const tensors = tensorsByPath(loaded);
  expect([...tensors.keys()].sort(), name).toEqual(Object.keys(expected.tensors).sort());
  for (const [path, t] of tensors) expect(describeTensor(t), `${name}: ${path}`).toEqual(expected.tensors[path]);
  for (const group of expected.shared ?? []) {
    for (const path of group) expect(tensors.get(path)!.storage, `${name}: ${path} shares ${group[0]}'s storage`).toBe(tensors.get(group[0]!)!.storage);
  }
  for (const group of expected.same ?? []) {
    for (const path of group) expect(tensors.get(path), `${name}: ${path} is ${group[0]}`).toBe(tensors.get(group[0]!));
  }
  return tensors;
}

describe("loadTorchCheckpoint: fixtures match what PyTorch saved", () => {
  for (const [file, object] of Object.entries(manifest.fixtures)) {
    it(`${file} (${object})`, () => {
      const tensors = checkObject(file, load(file), manifest.objects[object]!);
      for (const t of tensors.values()) expect(t.device.type).toBe("cpu");
    });
  }
});

describe("loadTorchCheckpoint: containers", () => {
  for (const file of ["state-dict.pt", "state-dict-legacy.pt", "state-dict-p4.pt", "state-dict-p5.pt"]) {
    it(`${file} keeps keys, order, metadata and plain values`, () => {
      const expected = manifest.objects["state-dict"]!;
      const ckpt = load(file) as Record<string, unknown>;
      const sd = ckpt.state_dict as Record<string, Tensor> & { _metadata?: unknown };
      expect(Object.keys(sd)).toEqual(expected.keys);
      expect(sd._metadata).toEqual(expected.metadata);
      expect(Object.keys(sd)).not.toContain("_metadata");
      expect(ckpt.epoch).toBe(12);
      expect(ckpt.best_prec1).toBe(91.78);
      expect(ckpt.arch).toBe("net");
      expect(ckpt.history).toEqual([0.5, 0.25, null, true, false]);
      expect(ckpt.shape).toEqual([2, 3]);
      expect(Object.isFrozen(ckpt.shape)).toBe(true);
      expect(ckpt.size).toEqual([4, 5]);
      expect(ckpt.big).toBe(2n ** 70n);
      expect(ckpt.negative).toBe(-(2 ** 40));
      expect(ckpt.raw).toEqual(Uint8Array.from([0, 1, 255]));
      expect(ckpt.unicode).toBe("ünïcødé ✓");
      expect(ckpt.int_keys).toEqual({ 0: "zero", 1: "one" });
      const tupleKeys = ckpt.tuple_keys as Map<readonly unknown[], unknown>;
      expect(tupleKeys).toBeInstanceOf(Map);
      expect([...tupleKeys]).toEqual([[[1, 2], "pair"]]);
      expect(ckpt.nested).toEqual({ a: { b: [1, 2, { c: 3 }] } });
      expect(ckpt.tags).toEqual(new Set(["x", "y"]));
    });
  }

  it("nn.Parameter loads as a tensor that requires grad", () => {
    const params = load("parameters.pt") as Record<string, Tensor>;
    expect(params.weight).toBeInstanceOf(nn.Parameter);
    expect(params.frozen).toBeInstanceOf(nn.Parameter);
    expect(params.grad_tensor).not.toBeInstanceOf(nn.Parameter);
    expect(params.weight!.requiresGrad).toBe(true);
    expect(params.weight!.isLeaf).toBe(true);
    expect(params.frozen!.requiresGrad).toBe(false);
    expect(params.grad_tensor!.requiresGrad).toBe(true);
    params.weight!.mul(2).sum().backward();
    expect(params.weight!.grad!.tolist()).toEqual([[2, 2]]);
  });

  it("views share storage: writing through one is seen by the others", () => {
    const views = load("views.pt") as Record<string, Tensor>;
    views.row!.mul_(0);
    expect(views.base!.tolist()).toEqual([[0, 1, 2, 3], [0, 0, 0, 0], [8, 9, 10, 11]]);
    expect(views.transposed!.select(0, 1).tolist()).toEqual([1, 0, 9]);
    expect(views.other!.storage).not.toBe(views.base!.storage);
  });
});

describe("loadTorchCheckpoint: refusals", () => {
  for (const file of ["malicious.pt", "malicious-stack-global.pt", "malicious-legacy.pt"]) {
    it(`${file}: os.system is refused by name`, () => {
      expect(() => load(file)).toThrow(UnpicklingError);
      expect(() => load(file)).toThrow(new RegExp(`^${file.replace(".", "\\.")}.*refusing to load global 'os\\.system'`));
    });
  }

  it("a pickled nn.Module is refused with its class and what to do instead", () => {
    expect(() => load("whole-module.pt")).toThrow(/refusing to load global 'torch\.nn\.modules\.linear\.Linear'.*model\.state_dict\(\)/);
  });

  it("a dtype Taimatsu lacks names the storage class", () => {
    expect(() => load("unsupported-int16.pt")).toThrow(/torch\.ShortStorage \(int16\)/);
  });
});

describe("loadTorchCheckpoint: damaged files", () => {
  const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

  it("names truncated zip and legacy files", () => {
    for (const name of ["dtypes.pt", "dtypes-legacy.pt"]) {
      const full = bytesOf(name);
      for (const keep of [full.length - 1, Math.floor(full.length / 2), 200, 30]) {
        expect(() => loadTorchCheckpoint(full.subarray(0, keep), { source: name }), `${name} cut at ${keep}`).toThrow(/truncated|not a PyTorch checkpoint|no end of central directory/);
      }
    }
  });

  it("a flipped byte in a storage fails the zip CRC check", () => {
    const damaged = bytesOf("dtypes.pt").slice();
    const header = new ZipArchive(damaged).entries.get("dtypes/data/0")!.localHeaderOffset;
    const view = new DataView(damaged.buffer);
    const dataStart = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
    damaged[dataStart + 1]! ^= 0xff;
    expect(() => loadTorchCheckpoint(damaged, { source: "dtypes.pt" })).toThrow(/dtypes\.pt: record 'dtypes\/data\/\d+' fails its CRC-32 check/);
  });

  it("a wrong element count in a legacy file is named", () => {
    const damaged = bytesOf("cuda-legacy.pt").slice();
    // "weight" is float32 [1, 2, 3]: its data is the count 3 as int64, then the three floats
    const weightData = Buffer.concat([Buffer.from(new BigInt64Array([3n]).buffer), Buffer.from(new Float32Array([1, 2, 3]).buffer)]);
    const countAt = Buffer.from(damaged).indexOf(weightData);
    expect(countAt).toBeGreaterThan(0);
    new DataView(damaged.buffer).setBigInt64(countAt, 4n, true);
    expect(() => loadTorchCheckpoint(damaged, { source: "cuda-legacy.pt" })).toThrow(/storage '\d+' should hold 3 elements but its data says 4/);
  });

  it("names files that are not checkpoints", () => {
    expect(() => loadTorchCheckpoint(new Uint8Array(0), { source: "x.pt" })).toThrow(/x\.pt: the file is empty/);
    expect(() => loadTorchCheckpoint(new TextEncoder().encode("hello world"), { source: "x.pt" })).toThrow(/x\.pt/);
    const plainPickle = new Uint8Array(readFileSync(new URL("plain-p4.pkl", FIXTURES)));
    expect(() => loadTorchCheckpoint(plainPickle, { source: "p.pkl" })).toThrow(/not a PyTorch checkpoint/);
  });
});
