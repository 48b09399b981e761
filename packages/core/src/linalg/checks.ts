import { isFloatingPoint } from "../dtype.js";
import { DTypeError, LinAlgError, ShapeError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";

/** PyTorch's dtype names in its messages ("Long", "Int"). */
const TORCH_TYPE_NAMES: Record<string, string> = { int64: "Long", int32: "Int", uint8: "Byte", bool: "Bool" };

export function checkFloating(op: string, a: Tensor): void {
  if (!isFloatingPoint(a.dtype)) {
    throw new DTypeError(`${op}: Expected a floating point or complex tensor as input. Got ${TORCH_TYPE_NAMES[a.dtype] ?? a.dtype} (${a.dtype}); convert it with .float() or .double()`);
  }
  if (a.dtype === "float16" || a.dtype === "bfloat16") {
    throw new DTypeError(`${op}: Low precision dtypes not supported. Got ${a.dtype === "float16" ? "Half" : "BFloat16"}; convert the input with .float() first`);
  }
}

export function checkAtLeast2d(op: string, a: Tensor, name = "A"): void {
  if (a.ndim < 2) throw new ShapeError(`${op}: The input tensor ${name} must have at least 2 dimensions (got shape ${shapeToString(a.shape)}).`);
}

/** Float (not half) batches of square matrices `[..., n, n]`. */
export function checkSquare(op: string, a: Tensor, name = "A"): number {
  checkFloating(op, a);
  checkAtLeast2d(op, a, name);
  const [m, n] = a.shape.slice(-2) as [number, number];
  if (m !== n) throw new ShapeError(`${op}: ${name} must be batches of square matrices, but they are ${m} by ${n} matrices`);
  return n;
}

/**
 * The first batch element and position where `bad` (a bool `[..., n]`) is
 * true, read back where the backend reads synchronously. On backends that
 * only read asynchronously the check is skipped (the result then holds inf
 * or NaN), as integer division by zero is.
 */
export function firstFailure(bad: Tensor): { batch: number; index: number } | null {
  if (bad.numel() === 0 || !bad.storage.backend.allocator.readSync) return null;
  const flags = noGrad(() => bad.reshape(-1, bad.shape[bad.ndim - 1]!).dataSync());
  const n = bad.shape[bad.ndim - 1]!;
  for (let i = 0; i < flags.length; i++) if (flags[i]) return { batch: Math.floor(i / n), index: i % n };
  return null;
}

/** PyTorch's "(Batch element i): " prefix, for inputs with batch dimensions. */
export function linAlgError(op: string, a: Tensor, batch: number, message: string): LinAlgError {
  return new LinAlgError(`${op}: ${a.ndim > 2 ? `(Batch element ${batch}): ` : ""}${message}`);
}
