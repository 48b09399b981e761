import type { DType } from "../../dtype.js";
import { toHost } from "../../ops/creation.js";
import { emptyLike } from "../../ops/dispatch.js";
import type { Tensor } from "../../tensor.js";

/**
 * A small constant tensor computed on the host from window geometry (pool
 * divisors, input positions of window elements, averaging matrices) and
 * placed on `like`'s device and backend: cheaper than building it from tensor ops.
 */
export function hostTable(shape: readonly number[], dtype: DType, like: Tensor, value: (flat: number) => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = value(i);
  const t = emptyLike(like, shape, dtype);
  if (n > 0) t.storage.backend.allocator.write(t.storage.buffer, dtype, toHost(values, dtype), 0, t.storage.deviceIndex);
  return t;
}
