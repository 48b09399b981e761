import { TaimatsuError } from "../../errors.js";

/** A pickle that is corrupt, or that names a global the reader does not allow. */
export class UnpicklingError extends TaimatsuError {
  override name = "UnpicklingError";
}
