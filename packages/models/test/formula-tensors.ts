/**
 * The formula inputs and weights of fixtures/generate_fixtures.py, computed
 * bit for bit the same way (integer hashing, then float64 arithmetic, then
 * rounding to the tensor's dtype), so forward passes can be compared with
 * PyTorch's without committing any weights.
 */
import * as torch from "@taimatsu/core";
import type { nn, Tensor } from "@taimatsu/core";

/** MurmurHash3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `uniform(numel, stream)` of the generator: values in [-1, 1). */
function uniform(numel: number, stream: number): Float64Array {
  const base = Math.imul(stream, 0x9e3779b9) >>> 0;
  const out = new Float64Array(numel);
  for (let j = 0; j < numel; j++) out[j] = (fmix32((j + base) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

export function formulaInput(shape: readonly number[]): Tensor {
  const values = uniform(shape.reduce((a, b) => a * b, 1), 0);
  return torch.tensor(Float32Array.from(values), { shape });
}

/** The generator's `formula_state_dict` for `model`'s own state-dict keys and shapes. */
export function formulaStateDict(model: nn.Module): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  Object.entries(model.stateDict()).forEach(([key, t], e) => {
    if (!torch.isFloatingPoint(t.dtype)) {
      out[key] = torch.zerosLike(t);
      return;
    }
    const u = uniform(t.numel(), e + 1);
    const value = (v: number) => {
      if (t.ndim >= 2) return v * Math.sqrt(3 / (t.numel() / t.shape[0]!));
      if (key.endsWith("running_var")) return 1 + 0.25 * (v + 1);
      if (key.endsWith("weight")) return 1 + 0.1 * v;
      return 0.1 * v;
    };
    out[key] = torch.tensor(Float64Array.from(u, value), { shape: t.shape, dtype: t.dtype });
  });
  return out;
}
