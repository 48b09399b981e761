import { TaimatsuError } from "../../errors.js";

/** A file that is not valid safetensors; the message names the file and what is wrong. */
export class SafetensorsError extends TaimatsuError {
  override name = "SafetensorsError";

  constructor(readonly source: string, problem: string) {
    super(`${source}: ${problem}`);
  }
}
