import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, Tensor } from "../src/index.js";
import { ZipArchive } from "../src/serialization/zip/reader.js";
import { writtenCheckpoint } from "./written-checkpoint.js";

const FIXTURES = new URL("./fixtures/checkpoints/", import.meta.url);
const WRITTEN = new URL("taimatsu-written.pt", FIXTURES);
const PYTHON = "/usr/bin/python3";
const dir = mkdtempSync(join(tmpdir(), "taimatsu-save-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

if (process.env.TAIMATSU_WRITE_FIXTURES) writeFileSync(WRITTEN, torch.saveToBytes(writtenCheckpoint(), { format: "torch" }));

interface PythonRecord {
  values: Record<string, { type: string; keys?: [string, string | number][]; length?: number; value?: unknown; dtype?: string; shape?: number[]; stride?: number[]; offset?: number; values?: unknown[]; requires_grad?: boolean }>;
  shared_storages: string[][];
  same_object: boolean;
}

const pythonHasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import torch"]).status === 0;

/** The Python type each JavaScript value must arrive as, per the rules in torch-checkpoint/write.ts. */
function pythonType(value: unknown): string {
  if (value instanceof nn.Parameter) return "Parameter";
  if (value instanceof Tensor) return "Tensor";
  if (value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) return "int";
  if (typeof value === "number") return "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return Object.isFrozen(value) ? "tuple" : "list";
  const entries = Object.values(value as object);
  return entries.length > 0 && entries.every((v) => v instanceof Tensor) ? "OrderedDict" : "dict";
}

function tensorValues(t: Tensor): unknown[] {
  const readable = t.dtype === "float16" || t.dtype === "bfloat16" ? t.float() : t;
  const flat = Array.from(readable.contiguous().dataSync() as ArrayLike<number | bigint>);
  if (t.dtype === "int64") return flat.map(String);
  if (t.dtype === "bool") return flat.map(Number);
  return flat.map(Number);
}

/** A Python float's repr as a number. */
function fromRepr(repr: unknown): number {
  return repr === "inf" ? Infinity : repr === "-inf" ? -Infinity : Number(repr);
}

describe("torch.save in PyTorch's zip format", () => {
  it("writes byte for byte the checkpoint that PyTorch loaded and recorded", () => {
    expect(torch.saveToBytes(writtenCheckpoint(), { format: "torch" })).toEqual(new Uint8Array(readFileSync(WRITTEN)));
  });

  it("Python saw every value as the object that was saved (fixture recorded by torch.load)", () => {
    const record = JSON.parse(readFileSync(new URL("taimatsu-written.python.json", FIXTURES), "utf8")) as PythonRecord;
    const seen = new Set<string>();
    const walk = (value: unknown, path: string) => {
      const key = path || "<root>";
      const py = record.values[key];
      expect(py, key).toBeDefined();
      seen.add(key);
      expect(py!.type, key).toBe(pythonType(value));
      if (value instanceof Tensor) {
        expect([py!.dtype, py!.shape, py!.stride, py!.offset, py!.requires_grad], key).toEqual([value.dtype, value.shape, value.stride(), value.offset, value.requiresGrad]);
        expect(py!.values, key).toEqual(tensorValues(value));
      } else if (Array.isArray(value)) {
        expect(py!.length).toBe(value.length);
        value.forEach((v, i) => walk(v, path ? `${path}.${i}` : String(i)));
      } else if (value !== null && typeof value === "object") {
        const keys = Object.keys(value).map((k) => (/^\d+$/.test(k) ? ["int", Number(k)] : ["str", k]));
        expect(py!.keys, key).toEqual(keys);
        for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      } else if (typeof value === "number" && !Number.isInteger(value)) expect(fromRepr(py!.value), key).toBe(value);
      else expect(py!.value, key).toEqual(typeof value === "number" || typeof value === "bigint" ? String(value) : value);
    };
    walk(writtenCheckpoint(), "");
    expect([...seen].sort()).toEqual(Object.keys(record.values).sort());
    expect(record.shared_storages).toEqual([["shared.0", "shared.1"], ["views.base", "views.column", "views.row", "views.transposed"]]);
    expect(record.same_object).toBe(true);
  });

  it("lays the archive out as PyTorch does: data.pkl, byteorder, 64-byte aligned storages, version", () => {
    const bytes = torch.saveToBytes({ a: torch.ones([3]), b: torch.zeros([2], { dtype: "int64" }) }, { format: "torch" });
    const archive = new ZipArchive(bytes);
    expect(archive.names()).toEqual(["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/data/1", "archive/version"]);
    expect(new TextDecoder().decode(archive.read("archive/byteorder"))).toBe("little");
    expect(new TextDecoder().decode(archive.read("archive/version"))).toBe("3\n");
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (const entry of archive.entries.values()) {
      const at = entry.localHeaderOffset;
      const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      expect(dataStart % 64, entry.name).toBe(0);
      expect(entry.method).toBe(0);
    }
  });

  it("loads back in Taimatsu: values, shared storages, parameters, integer keys", () => {
    const saved = writtenCheckpoint();
    const back = torch.loadFromBytes<Record<string, any>>(torch.saveToBytes(saved, { format: "torch" }));
    expect(back.epoch).toBe(7);
    expect(back.big).toBe(2n ** 62n);
    expect(back.best).toBe(-Infinity);
    expect(back.shape).toEqual([2, 3]);
    expect(Object.isFrozen(back.shape)).toBe(true);
    expect(Object.keys(back.optimizer.state)).toEqual(["0", "1"]);
    expect(back.parameter).toBeInstanceOf(nn.Parameter);
    expect(back.frozen.requiresGrad).toBe(false);
    expect(back.views.transposed.storage).toBe(back.views.base.storage);
    expect(back.shared[0]).toBe(back.shared[1]);
    expect([...back.dtypes.int64.dataSync()]).toEqual([-9007199254740991n, 5n]);
    expect(back.views.column.tolist()).toEqual([2, 6, 10]);
    const model = new nn.Linear(3, 2);
    model.loadStateDict(back.model);
    expect(model.weight.tolist()).toEqual([[0.25, -0.5, 0.75], [1.5, -1.25, 0.125]]);
  });

  it("chooses the format by file name or option, and writes atomically", async () => {
    const sd = { w: torch.tensor([1.5, 2]) };
    for (const name of ["m.pt", "m.pth", "m.pth.tar", "m.ckpt", "m.bin"]) {
      torch.save(sd, join(dir, name));
      expect(readFileSync(join(dir, name)).subarray(0, 4), name).toEqual(Buffer.from("PK\x03\x04", "latin1"));
    }
    torch.save(sd, join(dir, "m.safetensors"));
    expect(readFileSync(join(dir, "m.safetensors"))[8]).toBe(0x7b);
    torch.save(sd, join(dir, "forced.safetensors"), { format: "torch" });
    expect(torch.load(join(dir, "forced.safetensors")).w.tolist()).toEqual([1.5, 2]);
    torch.save(sd, join(dir, "forced.pt"), { format: "safetensors" });
    expect(torch.loadSafetensors(join(dir, "forced.pt")).tensors.w!.tolist()).toEqual([1.5, 2]);
    await torch.saveAsync(sd, join(dir, "async.pt"));
    expect(torch.load(join(dir, "async.pt")).w.tolist()).toEqual([1.5, 2]);
    expect(readFileSync(join(dir, "async.pt"))).toEqual(Buffer.from(torch.saveToBytes(sd, { format: "torch" })));
    expect(() => torch.save(sd, join(dir, "missing", "x.pt"))).toThrow(/save: could not write '.*missing.*x\.pt'/);
  });

  it("refuses what pickle cannot hold, naming where it is", () => {
    const cyclic: unknown[] = [];
    const tuple = Object.freeze([cyclic]);
    cyclic.push(tuple);
    expect(() => torch.saveToBytes({ t: tuple }, { format: "torch" })).toThrow(/cycle through a tuple at 't\.0\.0'/);
    const list: unknown[] = [];
    list.push(list); // a list can refer to itself in Python too
    expect(torch.loadFromBytes<unknown[][]>(torch.saveToBytes({ list }, { format: "torch" }))).toBeDefined();
    expect(() => torch.saveToBytes({ f: () => 1 }, { format: "torch" })).toThrow(/cannot save a function \(at 'f'\)/);
    expect(() => torch.saveToBytes({ m: new nn.Linear(1, 1) }, { format: "torch" })).toThrow(/cannot save a Linear object.*stateDict\(\)/);
    expect(() => torch.saveToBytes(new Map([[{}, 1]]), { format: "torch" })).toThrow(/Map key at '<root>' is object/);
    expect(() => torch.saveToBytes({}, { format: "pickle" as never })).toThrow(/format must be "torch" or "safetensors"/);
    expect(() => torch.save({}, join(dir, "meta.pt"), { metadata: { a: "b" } })).toThrow(/metadata is only written to safetensors/);
    const gone = torch.ones([2]);
    gone.dispose();
    expect(() => torch.saveToBytes({ gone }, { format: "torch" })).toThrow(/tensor 'gone' was disposed/);
  });

  it.skipIf(!pythonHasTorch)("PyTorch loads a freshly written checkpoint (runs where /usr/bin/python3 has torch)", () => {
    const path = join(dir, "fresh.pt");
    torch.save(writtenCheckpoint(), path);
    const script = `
import torch
d = torch.load(${JSON.stringify(path)})
m = torch.nn.Linear(3, 2); m.load_state_dict(d["model"])
o = torch.optim.Adam(m.parameters()); o.load_state_dict(d["optimizer"])
assert d["views"]["transposed"][2, 1].item() == 6.0 and d["big"] == 2 ** 62
print(d["name"], o.state[m.bias]["exp_avg"].tolist())`;
    const run = spawnSync(PYTHON, ["-c", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("résumé ✓ [0.75, -0.25]");
  });
});
