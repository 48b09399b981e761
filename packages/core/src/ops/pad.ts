import { record } from "../autograd/record.js";
import { ShapeError } from "../errors.js";
import { shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { emptyLike, runFill } from "./dispatch.js";
import { selectPositions } from "./index-select.js";

/**
 * `torch.nn.functional.pad`. The pad list runs from the last dim backwards:
 * [left, right] for the last dim, then [top, bottom] for the one before, ...
 * Constant mode crops negative pads with narrow views, then copies the input
 * into the middle of a filled output; its gradient is the middle of the
 * output gradient. The other modes pick, for every output position, the
 * input position it reads (mirrored, clamped or wrapped) and gather those
 * slices, so their gradient sums back through indexSelect's.
 */

export type PadMode = "constant" | "reflect" | "replicate" | "circular";

export interface PadOptions {
  mode?: PadMode;
  /** Fill value for constant mode (default 0). */
  value?: number;
}

interface DimPad {
  dim: number;
  before: number;
  after: number;
}

const MODES: readonly string[] = ["constant", "reflect", "replicate", "circular"];

function dimPads(x: Tensor, pad: readonly number[]): DimPad[] {
  if (pad.length % 2 !== 0) throw new ShapeError("pad: Padding length must be divisible by 2");
  if (pad.length > 2 * x.ndim) {
    throw new ShapeError(`pad: Padding length should be less than or equal to two times the input dimension but got padding length ${pad.length} and input of dimension ${x.ndim}`);
  }
  if (pad.some((p) => !Number.isInteger(p))) throw new TypeError(`pad: padding sizes must be integers, got ${shapeToString(pad)}`);
  return Array.from({ length: pad.length / 2 }, (_, i) => ({ dim: x.ndim - 1 - i, before: pad[2 * i]!, after: pad[2 * i + 1]! }));
}

function constantPad(x: Tensor, pads: readonly DimPad[], value: number): Tensor {
  const cropped = pads.reduce((t, { dim, before, after }) => {
    const n = t.shape[dim]!;
    const kept = n + Math.min(before, 0) + Math.min(after, 0);
    if (kept < 0) {
      throw new ShapeError(`pad: The input size ${n}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`);
    }
    return before >= 0 && after >= 0 ? t : t.narrow(dim, Math.max(-before, 0), kept);
  }, x);
  const shape = [...cropped.shape];
  for (const p of pads) shape[p.dim] = shape[p.dim]! + Math.max(p.before, 0) + Math.max(p.after, 0);
  const middle = (t: Tensor) => pads.reduce((w, p) => w.narrow(p.dim, Math.max(p.before, 0), cropped.shape[p.dim]!), t);
  const out = runFill(emptyLike(cropped, shape), value);
  if (cropped.numel() > 0) out.storage.backend.primitives.unary("identity", middle(out).kernelView, cropped.kernelView);
  return record("ConstantPadNdBackward0", [cropped], out, ([g]) => [middle(g!)]);
}

/** Input position read by each output position along one dim (p is the position in input coordinates). */
function sourcePositions(mode: PadMode, x: Tensor, { dim, before, after }: DimPad): number[] {
  const n = x.shape[dim]!;
  const describe = `at dimension ${dim} of input ${shapeToString(x.shape)}`;
  if (mode === "circular") return circularPositions(n, before, after, describe);
  if (mode === "reflect" && (before >= n || after >= n)) {
    throw new ShapeError(`pad: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) ${describe}`);
  }
  const size = n + before + after;
  if (n === 0 || size < 1) throw new ShapeError(`pad: input (size ${n} ${describe}) is too small for ${mode} padding (${before}, ${after}). Calculated output size: ${size}`);
  return Array.from({ length: size }, (_, j) => {
    const p = j - before;
    if (mode === "replicate") return Math.min(Math.max(p, 0), n - 1);
    // mirror about the first and last elements, which are not repeated
    return p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
  });
}

/** Negative pads crop first; positive pads then wrap around what is left (as PyTorch's circular pad does). */
function circularPositions(n: number, before: number, after: number, describe: string): number[] {
  if (before > n || after > n) throw new ShapeError(`pad: Padding value causes wrapping around more than once (padding (${before}, ${after}) ${describe}).`);
  const kept = n + Math.min(before, 0) + Math.min(after, 0);
  if (kept <= 0) throw new ShapeError(`pad: Negative padding value is resulting in an empty dimension (padding (${before}, ${after}) ${describe}).`);
  const lead = Math.max(before, 0);
  const first = Math.max(-before, 0);
  return Array.from({ length: kept + lead + Math.max(after, 0) }, (_, j) => first + ((((j - lead) % kept) + kept) % kept));
}

export function pad(input: Tensor, pad: readonly number[], options: PadOptions = {}): Tensor {
  const mode = options.mode ?? "constant";
  if (!MODES.includes(mode)) throw new TypeError(`pad: Unrecognised padding mode ${mode} (expected one of ${MODES.join(", ")})`);
  const pads = dimPads(input, pad);
  if (mode === "constant") return constantPad(input, pads, options.value ?? 0);
  if (options.value !== undefined && options.value !== 0) throw new TypeError(`pad: Padding mode "${mode}" doesn't take in value argument`);
  const k = pads.length;
  if (k < 1 || k > 3 || (input.ndim !== k + 1 && input.ndim !== k + 2)) {
    throw new ShapeError(
      `pad: Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now: ${mode} padding of the last ${k} dims needs an input of ${k + 1} or ${k + 2} dims, got ${shapeToString(input.shape)}`,
    );
  }
  return pads.reduce((t, p) => selectPositions(t, p.dim, sourcePositions(mode, input, p)), input);
}
