import { ShapeError } from "../../errors.js";
import { cat, stack } from "../../ops/cat.js";
import { full, tensor } from "../../ops/creation.js";
import { shapeToString } from "../../shape.js";
import { Tensor } from "../../tensor.js";

/**
 * `torch.nn.utils.rnn`: variable-length sequences for the recurrent layers.
 * A PackedSequence stores the batch time step by time step, each step
 * holding only the sequences still running (longest first), so a recurrent
 * layer never computes over padding.
 */

/**
 * Sequences packed time-major (PyTorch's `PackedSequence`): `data` holds
 * `batchSizes[0]` rows for step 0, then `batchSizes[1]` rows for step 1, and
 * so on. `sortedIndices` maps packed order to the caller's batch order (null
 * when the batch was already sorted), `unsortedIndices` back.
 */
export class PackedSequence {
  constructor(
    readonly data: Tensor,
    readonly batchSizes: Tensor,
    readonly sortedIndices: Tensor | null = null,
    readonly unsortedIndices: Tensor | null = null,
  ) {}

  /** The batch sizes as numbers. */
  steps(): number[] {
    return this.batchSizes.toArray().map(Number);
  }

  /** PyTorch's tuple order: `[data, batchSizes, sortedIndices, unsortedIndices]`. */
  toArray(): [Tensor, Tensor, Tensor | null, Tensor | null] {
    return [this.data, this.batchSizes, this.sortedIndices, this.unsortedIndices];
  }
}

function lengthsOf(lengths: Tensor | readonly number[]): number[] {
  const values = lengths instanceof Tensor ? lengths.toArray().map(Number) : [...lengths];
  if (lengths instanceof Tensor && lengths.ndim !== 1) throw new ShapeError(`packPaddedSequence: lengths must be a 1-D tensor, got ${shapeToString(lengths.shape)}`);
  if (values.some((l) => !Number.isInteger(l))) throw new TypeError(`packPaddedSequence: lengths must be integers, got ${JSON.stringify(values)}`);
  return values;
}

/** Positions that sort `lengths` longest first (ties keep their order). */
function descendingOrder(lengths: number[]): number[] {
  return lengths.map((l, i) => [l, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => i);
}

function inverse(order: number[]): number[] {
  const inv = new Array<number>(order.length);
  order.forEach((o, i) => (inv[o] = i));
  return inv;
}

function indexTensor(values: number[], like: Tensor): Tensor {
  return tensor(values, { dtype: "int64", device: like.device });
}

/**
 * Packs a padded batch [T, N, *] ([N, T, *] with `batchFirst`) of sequences
 * of the given lengths (PyTorch's `pack_padded_sequence`). With
 * `enforceSorted` (the default) the lengths must be in decreasing order.
 */
export function packPaddedSequence(
  input: Tensor,
  lengths: Tensor | readonly number[],
  options: { batchFirst?: boolean; enforceSorted?: boolean } = {},
): PackedSequence {
  const batchFirst = options.batchFirst ?? false;
  const enforceSorted = options.enforceSorted ?? true;
  const lens = lengthsOf(lengths);
  if (input.ndim < 2) throw new ShapeError(`packPaddedSequence: input must have at least 2 dims ([T, N, *]), got ${shapeToString(input.shape)}`);
  const seqFirst = batchFirst ? input.transpose(0, 1) : input;
  const [T, N] = [seqFirst.shape[0]!, seqFirst.shape[1]!];
  if (lens.length !== N) throw new ShapeError(`packPaddedSequence: Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${N})`);
  if (lens.some((l) => l <= 0)) {
    throw new RangeError("packPaddedSequence: Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
  }
  let order: number[] | null = null;
  if (enforceSorted) {
    if (lens.some((l, i) => i > 0 && l > lens[i - 1]!)) {
      throw new RangeError(
        "packPaddedSequence: `lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforceSorted: false` to packPaddedSequence and/or packSequence to sidestep this requirement if you do not need ONNX exportability.",
      );
    }
  } else {
    order = descendingOrder(lens);
  }
  const sortedLens = order ? order.map((i) => lens[i]!) : lens;
  if (sortedLens[0]! > T) throw new ShapeError(`packPaddedSequence: a length of ${sortedLens[0]} exceeds the ${T} time steps of input ${shapeToString(input.shape)}`);
  const sorted = order ? seqFirst.indexSelect(1, indexTensor(order, input)) : seqFirst;
  const batchSizes: number[] = [];
  for (let t = 0; t < sortedLens[0]!; t++) batchSizes.push(sortedLens.filter((l) => l > t).length);
  const data = cat(batchSizes.map((b, t) => sorted.select(0, t).narrow(0, 0, b)), 0);
  return new PackedSequence(
    data,
    tensor(batchSizes, { dtype: "int64" }),
    order ? indexTensor(order, input) : null,
    order ? indexTensor(inverse(order), input) : null,
  );
}

/**
 * Unpacks to a padded batch [T, N, *] ([N, T, *] with `batchFirst`) and the
 * lengths (PyTorch's `pad_packed_sequence`); T is the longest length, or
 * `totalLength`.
 */
export function padPackedSequence(
  sequence: PackedSequence,
  options: { batchFirst?: boolean; paddingValue?: number; totalLength?: number | null } = {},
): [Tensor, Tensor] {
  const sizes = sequence.steps();
  const N = sizes[0] ?? 0;
  const maxLen = sizes.length;
  const total = options.totalLength ?? maxLen;
  if (total < maxLen) {
    throw new RangeError(`padPackedSequence: Expected total_length to be at least the length of the longest sequence in input, but got total_length=${total} and max sequence length being ${maxLen}`);
  }
  const { data } = sequence;
  const feature = data.shape.slice(1);
  const value = options.paddingValue ?? 0;
  const fill = (rows: number) => full([rows, ...feature], value, { dtype: data.dtype, device: data.device });
  const steps: Tensor[] = [];
  let offset = 0;
  for (const b of sizes) {
    const rows = data.narrow(0, offset, b);
    steps.push(b < N ? cat([rows, fill(N - b)], 0) : rows);
    offset += b;
  }
  for (let t = maxLen; t < total; t++) steps.push(fill(N));
  let padded = stack(steps, 0);
  const lengths = Array.from({ length: N }, (_, i) => sizes.filter((b) => b > i).length);
  let outLengths = lengths;
  if (sequence.unsortedIndices) {
    padded = padded.indexSelect(1, sequence.unsortedIndices);
    const unsorted = sequence.unsortedIndices.toArray().map(Number);
    outLengths = unsorted.map((i) => lengths[i]!);
  }
  return [options.batchFirst ? padded.transpose(0, 1) : padded, tensor(outLengths, { dtype: "int64" })];
}

/**
 * Pads sequences [L_i, *] to the longest and stacks them into [T, N, *]
 * ([N, T, *] with `batchFirst`) (PyTorch's `pad_sequence`).
 */
export function padSequence(sequences: readonly Tensor[], options: { batchFirst?: boolean; paddingValue?: number } = {}): Tensor {
  if (sequences.length === 0) throw new TypeError("padSequence: received an empty list of sequences");
  const feature = sequences[0]!.shape.slice(1);
  for (const s of sequences) {
    if (s.ndim < 1 || s.shape.slice(1).join() !== feature.join()) {
      throw new ShapeError(`padSequence: every sequence must be [L, ${feature.join(", ")}] like the first, got ${shapeToString(s.shape)}`);
    }
  }
  const maxLen = Math.max(...sequences.map((s) => s.shape[0]!));
  const value = options.paddingValue ?? 0;
  const padded = sequences.map((s) => {
    const missing = maxLen - s.shape[0]!;
    return missing === 0 ? s : cat([s, full([missing, ...feature], value, { dtype: s.dtype, device: s.device })], 0);
  });
  return stack(padded, options.batchFirst ? 0 : 1);
}

/** Packs a list of sequences [L_i, *] (PyTorch's `pack_sequence`). */
export function packSequence(sequences: readonly Tensor[], options: { enforceSorted?: boolean } = {}): PackedSequence {
  const lengths = sequences.map((s) => s.shape[0]!);
  return packPaddedSequence(padSequence(sequences), lengths, { enforceSorted: options.enforceSorted ?? true });
}
