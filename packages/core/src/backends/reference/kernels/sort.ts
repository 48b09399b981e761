import type { View } from "../../../backend/backend.js";
import { dataOf, loader, offsets } from "../buffer.js";

/** Ascending order with NaN above every number. */
function ascending(x: number, y: number): number {
  const nx = Number.isNaN(x);
  const ny = Number.isNaN(y);
  if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Stable sort of each line along `axis` (Array.prototype.sort is stable); stored values move unconverted. */
export function sort(values: View, indices: View, a: View, axis: number, descending: boolean): void {
  const n = a.shape[axis]!;
  if (n === 0) return;
  const lineShape = a.shape.map((d, i) => (i === axis ? 1 : d));
  const aStarts = offsets({ shape: lineShape, strides: a.strides, offset: a.offset });
  const vStarts = offsets({ shape: lineShape, strides: values.strides, offset: values.offset });
  const iStarts = offsets({ shape: lineShape, strides: indices.strides, offset: indices.offset });
  const [as, vs, is] = [a.strides[axis]!, values.strides[axis]!, indices.strides[axis]!];
  const load = loader(a.dtype);
  const src = dataOf(a);
  const vOut = dataOf(values);
  const iOut = dataOf(indices);
  const raw = new Array<number>(n);
  const key = new Array<number>(n);
  const order = new Array<number>(n);
  const cmp = descending ? (i: number, j: number) => ascending(key[j]!, key[i]!) : (i: number, j: number) => ascending(key[i]!, key[j]!);
  for (let line = 0; line < aStarts.length; line++) {
    for (let k = 0; k < n; k++) {
      raw[k] = src[aStarts[line]! + k * as]!;
      key[k] = load ? load(raw[k]!) : raw[k]!;
      order[k] = k;
    }
    order.sort(cmp);
    for (let k = 0; k < n; k++) {
      vOut[vStarts[line]! + k * vs] = raw[order[k]!]!;
      iOut[iStarts[line]! + k * is] = order[k]!;
    }
  }
}
