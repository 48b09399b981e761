/**
 * Writing PyTorch's zip checkpoint format, which Python's `torch.load` reads:
 * `archive/data.pkl` (the object, pickled with protocol 2, each tensor as
 * `torch._utils._rebuild_tensor_v2` over a storage named by a persistent id),
 * `archive/byteorder`, one `archive/data/<key>` record per storage, and
 * `archive/version`.
 *
 * How JavaScript values become Python ones:
 * - Tensor → torch.Tensor (nn.Parameter → nn.Parameter), sharing storages
 *   as the tensors do, so views and tied weights stay shared;
 * - a plain object or Map → dict; an object whose values are all tensors (a
 *   state dict) → OrderedDict, as `state_dict()` returns. Keys that are
 *   canonical integers ("0", "12") become Python ints, which is what
 *   optimizer state dicts need (`state` is keyed by parameter index);
 * - array → list, frozen array → tuple (as loading gives them back);
 * - integer number or bigint → int, other numbers → float, string → str,
 *   boolean → bool, null/undefined → None (undefined object entries are left
 *   out, as in JSON).
 */
import type { DType } from "../../dtype.js";
import { Parameter } from "../../nn/parameter.js";
import type { Storage } from "../../storage.js";
import { Tensor } from "../../tensor.js";
import { unsupported } from "../checkpoint/tree.js";
import { Pickler } from "../pickle/pickler.js";
import { zipChunks } from "../zip/writer.js";

const STORAGE_CLASSES: Record<DType, string> = {
  float32: "FloatStorage",
  float64: "DoubleStorage",
  float16: "HalfStorage",
  bfloat16: "BFloat16Storage",
  int64: "LongStorage",
  int32: "IntStorage",
  uint8: "ByteStorage",
  bool: "BoolStorage",
};

/** The archive's folder; PyTorch names it after the file, and readers take whatever the first record uses. */
const FOLDER = "archive";
/** The format version PyTorch 1.6+ writes. */
const FORMAT_VERSION = "3\n";

export interface TorchCheckpointPlan {
  pickle: Uint8Array;
  /** Each distinct storage once, as a 1-D tensor over all of it, under its record key. Dispose after reading. */
  storages: { key: string; whole: Tensor }[];
}

/** Pickles `obj`; storages are read separately (synchronously or not). */
export function planTorchCheckpoint(obj: unknown, op: string): TorchCheckpointPlan {
  const writer = new CheckpointPickler(op);
  writer.value(obj, []);
  return { pickle: writer.pickler.finish(), storages: writer.storageList() };
}

/** The zip archive's chunks, given each storage's little-endian bytes in plan order. */
export function torchCheckpointChunks(plan: TorchCheckpointPlan, storageBytes: readonly Uint8Array[], source: string): Uint8Array[] {
  const text = new TextEncoder();
  return zipChunks(
    [
      { name: `${FOLDER}/data.pkl`, data: plan.pickle },
      { name: `${FOLDER}/byteorder`, data: text.encode("little") },
      ...plan.storages.map((s, i) => ({ name: `${FOLDER}/data/${s.key}`, data: storageBytes[i]! })),
      { name: `${FOLDER}/version`, data: text.encode(FORMAT_VERSION) },
    ],
    source,
  );
}

class CheckpointPickler {
  readonly pickler = new Pickler();
  private readonly storages = new Map<Storage, string>();
  /** Containers being written, to report cycles through tuples (which cannot be memoized before they are complete). */
  private readonly open = new Set<object>();

  constructor(private readonly op: string) {}

  storageList(): TorchCheckpointPlan["storages"] {
    return [...this.storages].map(([storage, key]) => ({ key, whole: new Tensor(storage, [storage.numel], [1], 0) }));
  }

  value(value: unknown, path: readonly string[]): void {
    const p = this.pickler;
    if (value === null || value === undefined) return p.none();
    switch (typeof value) {
      case "boolean": return p.bool(value);
      case "bigint": return p.int(value);
      case "string": return p.str(value);
      case "number": return Number.isInteger(value) && !Object.is(value, -0) ? p.int(value) : p.float(value);
      default: break;
    }
    const why = value instanceof Tensor ? null : unsupported(value);
    if (why) throw new TypeError(`${this.op}: cannot save ${why} (at '${path.join(".") || "<root>"}')`);
    const obj = value as object;
    if (p.recall(obj)) return;
    if (this.open.has(obj)) throw new TypeError(`${this.op}: the object contains a cycle through a tuple at '${path.join(".")}', which pickle cannot write`);
    this.open.add(obj);
    if (obj instanceof Tensor) this.tensor(obj, path);
    else if (Array.isArray(obj)) this.array(obj, path);
    else this.dict(obj, path);
    this.open.delete(obj);
  }

  private array(items: readonly unknown[], path: readonly string[]): void {
    const write = () => items.forEach((item, i) => this.value(item, [...path, String(i)]));
    if (!Object.isFrozen(items)) return this.pickler.list(items, items.length, write);
    this.pickler.tuple(items.length, write);
    this.pickler.put(items);
  }

  private dict(obj: object, path: readonly string[]): void {
    const entries: [unknown, unknown][] = obj instanceof Map ? [...obj] : Object.entries(obj).map(([k, v]) => [pythonKey(k), v]);
    const kept = entries.filter(([, v]) => v !== undefined);
    const p = this.pickler;
    if (kept.length > 0 && kept.every(([, v]) => v instanceof Tensor)) p.reduce(() => p.global("collections", "OrderedDict"), () => p.tuple(0, () => {}));
    else p.emptyDict();
    p.put(obj);
    p.setItems(kept.length, () => {
      for (const [k, v] of kept) {
        this.key(k, path);
        this.value(v, [...path, String(k)]);
      }
    });
  }

  private key(key: unknown, path: readonly string[]): void {
    const ok = key === null || ["string", "number", "bigint", "boolean"].includes(typeof key);
    if (!ok) throw new TypeError(`${this.op}: a Map key at '${path.join(".") || "<root>"}' is ${typeof key}; Python dict keys must be str, int, float, bool or None`);
    this.value(key, path);
  }

  private tensor(t: Tensor, path: readonly string[]): void {
    if (t.isDisposed) throw new Error(`${this.op}: tensor '${path.join(".") || "<root>"}' was disposed before it could be saved`);
    const p = this.pickler;
    const hooks = () => p.reduce(() => p.global("collections", "OrderedDict"), () => p.tuple(0, () => {}));
    const rebuild = () =>
      p.reduce(
        () => p.global("torch._utils", "_rebuild_tensor_v2"),
        () =>
          p.tuple(6, () => {
            this.storageId(t.storage);
            p.int(t.offset);
            this.intTuple(t.shape);
            this.intTuple(t.strides);
            p.bool(t instanceof Parameter ? false : t.requiresGrad);
            hooks();
          }),
      );
    if (t instanceof Parameter) {
      p.reduce(() => p.global("torch._utils", "_rebuild_parameter"), () => p.tuple(3, () => (rebuild(), p.bool(t.requiresGrad), hooks())));
    } else rebuild();
    p.put(t);
  }

  private intTuple(values: readonly number[]): void {
    this.pickler.tuple(values.length, () => values.forEach((v) => this.pickler.int(v)));
  }

  private storageId(storage: Storage): void {
    let key = this.storages.get(storage);
    if (key === undefined) this.storages.set(storage, (key = String(this.storages.size)));
    const p = this.pickler;
    const k = key;
    p.persistentId(() =>
      p.tuple(5, () => {
        p.str("storage");
        p.global("torch", STORAGE_CLASSES[storage.dtype]);
        p.str(k);
        p.str("cpu");
        p.int(storage.numel);
      }),
    );
  }
}

/** "12" → 12: JavaScript turns integer keys into strings, and Python state dicts key optimizer state by int. */
function pythonKey(key: string): string | number {
  return /^(0|[1-9]\d{0,15})$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : key;
}
