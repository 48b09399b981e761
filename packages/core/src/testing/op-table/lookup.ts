import * as torch from "../../index.js";
import type { Tensor } from "../../tensor.js";
import { op, type InputLike, type OpOptions, type OpOutput, type OpSpec } from "../op-spec.js";

/** A torch function of unknown signature (ops looked up by name when the case runs). */
export type AnyFn = (...args: any[]) => any;

/** `torch.<path>`, or undefined while it does not exist ("nn.functional.gelu", "Tensor.prototype.split"). */
export function lookup(path: string): AnyFn | undefined {
  let node: unknown = torch;
  for (const key of path.split(".")) node = node == null ? undefined : (node as Record<string, unknown>)[key];
  return typeof node === "function" ? (node as AnyFn) : undefined;
}

/**
 * An op found by name when its case runs, for ops that land in core after
 * this table was written: until `torch.<path>` exists its cases are reported
 * as skipped instead of failing to compile. `call` receives the function.
 */
export function byName(
  label: string,
  path: string,
  cases: readonly (readonly InputLike[])[],
  call: (f: AnyFn, ...inputs: Tensor[]) => OpOutput,
  o: OpOptions = {},
): OpSpec {
  const spec = op(label, (...inputs) => call(lookup(path)!, ...inputs), cases, { ...o, requires: [path, ...(o.requires ?? [])] });
  // methods are counted under their own name in docs/op-coverage.md
  return path.startsWith("Tensor.prototype.") ? { ...spec, op: path.slice("Tensor.prototype.".length) } : spec;
}

/** A Tensor method found by name: `method("split(2, 1)", "split", cases, (x) => [2, 1])`. */
export function method(label: string, name: string, cases: readonly (readonly InputLike[])[], args: (...inputs: Tensor[]) => unknown[], o: OpOptions = {}): OpSpec {
  return byName(label, `Tensor.prototype.${name}`, cases, (f, x, ...rest) => f.call(x, ...args(x!, ...rest)), o);
}
