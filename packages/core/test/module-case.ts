import { expect } from "vitest";
import * as torch from "../src/index.js";
import { nn, type Tensor } from "../src/index.js";
import { decode, expectClose, revive, type EncodedTensor, type Tolerance } from "./nn-fixture-tensors.js";

/**
 * Replaying a module case recorded by fixtures/generate_nn.py or
 * fixtures/generate_modules.py: with PyTorch's state dict and inputs, the
 * output, the gradients of the inputs and parameters for the same upstream
 * gradient, the buffers after the forward pass and the repr must match.
 * A functional case does the same for one `nn.functional` call.
 */

export interface ModuleCase {
  name: string;
  module: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  training: boolean;
  state: Record<string, EncodedTensor>;
  inputs: EncodedTensor[];
  callArgs: unknown[];
  output: EncodedTensor;
  gradOutput: EncodedTensor;
  inputGrads: (EncodedTensor | null)[];
  paramGrads: Record<string, EncodedTensor | null>;
  stateAfter: Record<string, EncodedTensor>;
  repr: string;
  /** The forward's result is a tuple; `output` is its element `outputIndex` (a path into nested tuples). */
  outputIndex?: number | number[];
  tol?: Tolerance;
}

type ModuleClass = new (...args: unknown[]) => nn.Module;

/** A module written as {"__module__": class, args, options} (a layer passed to a container's constructor). */
interface EncodedModule {
  __module__: string;
  args: unknown[];
  options: Record<string, unknown> | null;
}

function construct(name: string, args: unknown[], options: Record<string, unknown> | null): nn.Module {
  const Cls = (nn as unknown as Record<string, ModuleClass>)[name];
  if (!Cls) throw new Error(`nn.${name} does not exist`);
  const a = args.map(reviveArg);
  return options === null ? new Cls(...a) : new Cls(...a, reviveArg(options));
}

function reviveArg(v: unknown): unknown {
  if (v && typeof v === "object" && "__module__" in v) {
    const m = v as EncodedModule;
    return construct(m.__module__, m.args, m.options);
  }
  if (Array.isArray(v)) return v.map(reviveArg);
  if (v && typeof v === "object" && !("__tensor__" in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reviveArg(x)]));
  return revive(v);
}

export function buildModule(c: ModuleCase): nn.Module {
  return construct(c.module, c.args, c.options);
}

/** An expected gradient of null or all zeros: PyTorch materialises zeros where Taimatsu may report no gradient. */
function expectGrad(g: Tensor | null | undefined, expected: EncodedTensor | null, label: string, tol?: Tolerance): void {
  if (expected === null) {
    expect(g ?? null, label).toBeNull();
    return;
  }
  if (g == null && expected.values.every((v) => v === 0)) return;
  expectClose(g!, expected, label, tol);
}

export function pick(out: unknown, index: number | number[] | undefined | null): Tensor {
  if (index === undefined || index === null) return out as Tensor;
  return (typeof index === "number" ? [index] : index).reduce<unknown>((o, i) => (o as unknown[])[i], out) as Tensor;
}

export function runModuleCase(c: ModuleCase): void {
  const module = buildModule(c).double();
  expect(String(module)).toBe(c.repr);
  module.loadStateDict(revive(c.state));
  module.train(c.training);
  const inputs = c.inputs.map((e) => {
    const t = decode(e);
    return torch.isFloatingPoint(t.dtype) ? t.requiresGrad_() : t;
  });
  const out = pick(module.call(...inputs, ...revive<unknown[]>(c.callArgs)), c.outputIndex);
  expectClose(out, c.output, `${c.name} output`, c.tol);
  const params = module.namedParameters();
  const wrt = [...inputs.filter((t) => t.requiresGrad), ...params.map(([, p]) => p)];
  const grads = torch.autograd.grad(out, wrt, { gradOutputs: [decode(c.gradOutput)], allowUnused: true });
  let k = 0;
  c.inputGrads.forEach((expected, i) => {
    if (!inputs[i]!.requiresGrad) return;
    expectGrad(grads[k++], expected, `${c.name} grad of input ${i}`, c.tol);
  });
  for (const [name] of params) {
    const expected = c.paramGrads[name];
    const g = grads[k++];
    if (expected) expectGrad(g, expected, `${c.name} grad of ${name}`, c.tol);
  }
  const after = module.stateDict();
  expect(Object.keys(after)).toEqual(Object.keys(c.stateAfter));
  for (const [key, expected] of Object.entries(c.stateAfter)) expectClose(after[key]!, expected, `${c.name} ${key} after forward`, c.tol);
}

export interface FunctionalCase {
  name: string;
  /** The `nn.functional` function. */
  fn: string;
  /** Positional arguments: encoded tensors and plain values. */
  args: unknown[];
  options: Record<string, unknown> | null;
  output: EncodedTensor;
  /** The forward's result is a tuple; `output` is its element `outputIndex`. */
  outputIndex?: number | number[];
  gradOutput: EncodedTensor | null;
  /** Per positional argument: its gradient, or null when it is not a float tensor. */
  grads: (EncodedTensor | null)[];
  tol?: Tolerance;
}

type AnyFunction = (...args: unknown[]) => unknown;

export function runFunctionalCase(c: FunctionalCase): void {
  const fn = (nn.functional as unknown as Record<string, AnyFunction>)[c.fn];
  if (!fn) throw new Error(`nn.functional.${c.fn} does not exist`);
  const args = c.args.map((a, i) => {
    const v = revive(a);
    return v instanceof torch.Tensor && c.grads[i] !== null ? v.requiresGrad_() : v;
  });
  const out = pick(c.options === null ? fn(...args) : fn(...args, revive(c.options)), c.outputIndex);
  expectClose(out, c.output, `${c.name} output`, c.tol);
  if (c.gradOutput === null) return;
  const wrt = args.filter((a, i): a is Tensor => a instanceof torch.Tensor && c.grads[i] !== null);
  const grads = torch.autograd.grad(out, wrt, { gradOutputs: [decode(c.gradOutput)], allowUnused: true });
  let k = 0;
  c.grads.forEach((expected, i) => {
    if (expected === null) return;
    expectGrad(grads[k++], expected, `${c.name} grad of argument ${i}`, c.tol);
  });
}
