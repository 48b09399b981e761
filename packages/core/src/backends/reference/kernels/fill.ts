import type { View } from "../../../backend/backend.js";
import { coercer, dataOf, offsets } from "../buffer.js";

export function fill(out: View, value: number): void {
  const store = coercer(out.dtype);
  const v = store ? store(value) : value;
  const dst = dataOf(out);
  for (const o of offsets(out)) dst[o] = v;
}
