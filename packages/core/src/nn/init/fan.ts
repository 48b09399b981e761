import { ShapeError } from "../../errors.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";

/**
 * Fan-in and fan-out of a weight, as PyTorch defines them: dim 1 is the
 * input feature maps, dim 0 the output ones, and every further dim is the
 * receptive field (kernel) that both are multiplied by.
 */
export function calculateFanInAndFanOut(tensor: Tensor): { fanIn: number; fanOut: number } {
  if (tensor.ndim < 2) {
    throw new ShapeError(`nn.init: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape ${shapeToString(tensor.shape)})`);
  }
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: tensor.shape[1]! * receptive, fanOut: tensor.shape[0]! * receptive };
}

export type FanMode = "fan_in" | "fan_out" | "fanIn" | "fanOut";

/** The fan a Kaiming initialiser scales by: fan-in preserves the forward variance, fan-out the backward one. */
export function correctFan(tensor: Tensor, mode: FanMode): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(tensor);
  if (mode === "fan_in" || mode === "fanIn") return fanIn;
  if (mode === "fan_out" || mode === "fanOut") return fanOut;
  throw new RangeError(`nn.init: Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
}
