import type { DType, HostArray } from "../../dtype.js";
import { fromHost } from "../../ops/dispatch.js";
import { Tensor } from "../../tensor.js";

/**
 * How a worker ships a batch: every tensor travels as its own ArrayBuffer in
 * the transfer list (moved, not copied), and the rest of the structure is a
 * small tree of plain values.
 */
export type EncodedBatch =
  | { t: "tensor"; dtype: DType; shape: number[]; data: HostArray }
  | { t: "list"; items: EncodedBatch[] }
  | { t: "dict"; entries: [string, EncodedBatch][] }
  | { t: "value"; value: unknown };

export function encodeBatch(batch: unknown): { payload: EncodedBatch; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const encode = (x: unknown): EncodedBatch => {
    if (x instanceof Tensor) {
      const data = ownBuffer(x.dataSync());
      transfer.push(data.buffer as ArrayBuffer);
      return { t: "tensor", dtype: x.dtype, shape: [...x.shape], data };
    }
    if (Array.isArray(x)) return { t: "list", items: x.map(encode) };
    if (isPlainObject(x)) return { t: "dict", entries: Object.entries(x).map(([k, v]) => [k, encode(v)]) };
    return { t: "value", value: x };
  };
  return { payload: encode(batch), transfer };
}

export function decodeBatch(payload: EncodedBatch): unknown {
  switch (payload.t) {
    case "tensor": return fromHost(payload.data, payload.shape, payload.dtype);
    case "list": return payload.items.map(decodeBatch);
    case "dict": return Object.fromEntries(payload.entries.map(([k, v]) => [k, decodeBatch(v)]));
    case "value": return payload.value;
  }
}

/** A typed array that owns its whole buffer, so transferring it detaches nothing else. */
function ownBuffer(data: HostArray): HostArray {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  return whole ? data : (data.slice() as HostArray);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
