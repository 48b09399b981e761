import { TaimatsuError } from "../errors.js";
import { shapeToString, type Shape } from "../shape.js";

/**
 * What `Module.loadStateDict` raises: every problem found in one pass, in
 * PyTorch's wording, with the key lists kept as fields for programs.
 */
export class StateDictError extends TaimatsuError {
  override name = "StateDictError";

  constructor(
    readonly moduleName: string,
    readonly missingKeys: readonly string[],
    readonly unexpectedKeys: readonly string[],
    readonly errorMessages: readonly string[],
  ) {
    super(`Error(s) in loading state_dict for ${moduleName}:\n\t${errorMessages.join("\n\t")}`);
  }
}

const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(", ");

export function missingKeysMessage(keys: readonly string[]): string {
  return `Missing key(s) in state_dict: ${quoted(keys)}. `;
}

export function unexpectedKeysMessage(keys: readonly string[]): string {
  return `Unexpected key(s) in state_dict: ${quoted(keys)}. `;
}

/** PyTorch prints shapes as `torch.Size([3, 2])`; keep that so messages match. */
export function torchSize(shape: Shape): string {
  return `torch.Size(${shapeToString(shape)})`;
}

export function sizeMismatchMessage(key: string, checkpoint: Shape, model: Shape): string {
  return `size mismatch for ${key}: copying a param with shape ${torchSize(checkpoint)} from checkpoint, the shape in current model is ${torchSize(model)}.`;
}
