import { record } from "../../autograd/record.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";

/** linear (y = x W^T + b) as one composite op, and bilinear composed from it. */

function checkLinear(input: Tensor, weight: Tensor, bias: Tensor | null): void {
  if (input.ndim === 0) throw new ShapeError("linear: both arguments to linear need to be at least 1D, but they are 0D and " + `${weight.ndim}D`);
  if (input.dtype !== weight.dtype || (bias && bias.dtype !== weight.dtype)) {
    throw new DTypeError(`linear: expected input, weight and bias to have the same dtype, but got ${input.dtype}, ${weight.dtype} and ${bias?.dtype ?? "None"}`);
  }
  const inFeatures = input.shape[input.ndim - 1]!;
  if (weight.ndim === 2 && weight.shape[1] !== inFeatures) {
    const rows = input.ndim === 1 ? 1 : input.numel() / inFeatures;
    throw new ShapeError(`linear: mat1 and mat2 shapes cannot be multiplied (${rows}x${inFeatures} and ${weight.shape[1]}x${weight.shape[0]})`);
  }
  const outFeatures = weight.ndim === 2 ? weight.shape[0]! : 1;
  if (bias && bias.ndim > 0 && (bias.ndim > 1 || (bias.shape[0] !== outFeatures && bias.shape[0] !== 1))) {
    throw new ShapeError(`linear: The expanded size of the tensor (${outFeatures}) must match the existing size (${bias.shape[bias.ndim - 1]}) at non-singleton dimension ${Math.max(input.ndim - 1, 0)}.  Target sizes: ${shapeToString([...input.shape.slice(0, -1), outFeatures])}.  Tensor sizes: ${shapeToString(bias.shape)}`);
  }
}

/** `F.linear(input, weight, bias)`: input [..., in], weight [out, in], bias [out] -> [..., out]. */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const b = bias ?? null;
  checkLinear(input, weight, b);
  // a 1-D weight (one output feature, dropped) or a broadcasting bias fall outside the fused kernel's contract
  if (weight.ndim !== 2 || (b && !(b.ndim === 1 && b.shape[0] === weight.shape[0]))) {
    return b ? input.matmul(weight.t()).add(b) : input.matmul(weight.t());
  }
  const out = compositeForward("linear", [input, weight, b], {}, () => {
    const y = input.matmul(weight.t());
    return b ? y.add(b) : y;
  });
  return record("LinearBackward0", [input, weight, b], out, ([g]) => {
    // the batch as rows: [M, out] and [M, in]
    const rows = asRows(g!, weight.shape[0]!);
    return [
      input.requiresGrad ? g!.matmul(weight) : null,
      weight.requiresGrad ? rows.t().matmul(asRows(input, weight.shape[1]!)) : null,
      b?.requiresGrad ? rows.sum(0) : null,
    ];
  }, [input, weight]);
}

/** `t` as a matrix of `cols` columns; a 2-D `t` already is one, and needs no view. */
function asRows(t: Tensor, cols: number): Tensor {
  return t.ndim === 2 && t.shape[1] === cols ? t : t.reshape([-1, cols]);
}

/** `F.bilinear`: y[..., o] = x1[..., :] W[o] x2[..., :]^T + b[o]; x1 [..., in1], x2 [..., in2], W [out, in1, in2]. */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkBilinear(input1, input2, weight, bias ?? null);
  const [O, I, J] = weight.shape as [number, number, number];
  // x1 W: [..., in1] @ [in1, out * in2] -> [..., out, in2], then the dot with x2 over in2
  const left = input1.matmul(weight.permute(1, 0, 2).reshape([I, O * J])).unflatten(-1, [O, J]);
  const out = left.mul(input2.unsqueeze(-2)).sum(-1);
  return bias ? out.add(bias) : out;
}

function checkBilinear(x1: Tensor, x2: Tensor, w: Tensor, bias: Tensor | null): void {
  if (w.ndim !== 3) throw new ShapeError(`bilinear(): weight must be three-dimensional, but got ${w.ndim}D (shape ${shapeToString(w.shape)})`);
  if (x1.ndim !== x2.ndim) throw new ShapeError(`bilinear(): input dimensions do not match: got ${x1.ndim} and ${x2.ndim}`);
  for (let d = 0; d < x1.ndim - 1; d++) {
    if (x1.shape[d] !== x2.shape[d]) throw new ShapeError(`bilinear(): input batch dimensions do not match at dim ${d}: got ${x1.shape[d]} and ${x2.shape[d]}`);
  }
  if (x1.shape[x1.ndim - 1] !== w.shape[1]) throw new ShapeError(`bilinear(): input1 size does not match weight size: got ${x1.shape[x1.ndim - 1]} but expected ${w.shape[1]}`);
  if (x2.shape[x2.ndim - 1] !== w.shape[2]) throw new ShapeError(`bilinear(): input2 size does not match weight size: got ${x2.shape[x2.ndim - 1]} but expected ${w.shape[2]}`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== w.shape[0])) {
    throw new ShapeError(`bilinear(): bias size does not match weight size: got ${bias.shape[bias.ndim - 1]} but expected ${w.shape[0]}`);
  }
}
