/** Nonlinearity names accepted by `calculateGain` (PyTorch's spelling, or camelCase). */
export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d"
  | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "convTranspose1d" | "convTranspose2d" | "convTranspose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "leakyRelu" | "selu";

const LINEAR = new Set(["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "convTranspose1d", "convTranspose2d", "convTranspose3d", "sigmoid"]);

/**
 * The factor that keeps activations' variance stable through a nonlinearity
 * (`nn.init.calculate_gain`). `param` is leaky ReLU's negative slope
 * (default 0.01).
 *
 * @example
 * ```ts
 * nn.init.calculateGain("leaky_relu", 0.2); // sqrt(2 / (1 + 0.2 ** 2))
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (LINEAR.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case "tanh": return 5 / 3;
    case "relu": return Math.SQRT2;
    case "selu": return 3 / 4;
    case "leaky_relu":
    case "leakyRelu": {
      if (param != null && (typeof param !== "number" || !Number.isFinite(param))) throw new TypeError(`calculateGain: negative_slope ${String(param)} not a valid number`);
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
  }
  throw new RangeError(`calculateGain: Unsupported nonlinearity ${String(nonlinearity)}`);
}
