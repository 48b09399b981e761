import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, type Tensor } from "../src/index.js";
import { decode, expectClose, readFixture, revive, type EncodedTensor } from "./nn-fixture-tensors.js";

/**
 * Every module and loss against PyTorch 1.13 (fixtures/generate_nn.py): with
 * the same state dict and inputs, the output, the gradients of the inputs
 * and parameters for the same upstream gradient, the buffers after the
 * forward pass (running statistics) and the repr must match.
 */

interface ModuleCase {
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
}

const { cases } = readFixture<{ cases: ModuleCase[] }>("nn-modules.json");

type ModuleClass = new (...args: unknown[]) => nn.Module;

function build(c: ModuleCase): nn.Module {
  const Cls = (nn as unknown as Record<string, ModuleClass>)[c.module];
  if (!Cls) throw new Error(`nn.${c.module} does not exist`);
  const args = revive<unknown[]>(c.args);
  return c.options === null ? new Cls(...args) : new Cls(...args, revive(c.options));
}

describe("nn modules match PyTorch", () => {
  it("covers every module and loss", () => {
    const required = [
      "Linear", "Bilinear", "Identity", "Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
      "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm", "Dropout", "Embedding", "Flatten", "Unflatten",
      "ReLU", "ReLU6", "LeakyReLU", "GELU", "SiLU", "Hardswish", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
      "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss",
    ];
    expect(new Set(cases.map((c) => c.module))).toEqual(new Set(required));
  });

  for (const c of cases) {
    it(c.name, () => {
      const module = build(c).double();
      expect(String(module)).toBe(c.repr);
      module.loadStateDict(revive(c.state));
      module.train(c.training);
      const inputs = c.inputs.map((e) => {
        const t = decode(e);
        return torch.isFloatingPoint(t.dtype) ? t.requiresGrad_() : t;
      });
      const out = module.call(...inputs, ...c.callArgs) as Tensor;
      expectClose(out, c.output, `${c.name} output`);
      const params = module.namedParameters();
      const wrt = [...inputs.filter((t) => t.requiresGrad), ...params.map(([, p]) => p)];
      const grads = torch.autograd.grad(out, wrt, { gradOutputs: [decode(c.gradOutput)], allowUnused: true });
      let k = 0;
      c.inputGrads.forEach((expected, i) => {
        if (!inputs[i]!.requiresGrad) return;
        const g = grads[k++];
        if (expected) expectClose(g!, expected, `${c.name} grad of input ${i}`);
        else expect(g, `${c.name} grad of input ${i}`).toBeNull();
      });
      for (const [name] of params) {
        const expected = c.paramGrads[name];
        const g = grads[k++];
        if (expected) expectClose(g!, expected, `${c.name} grad of ${name}`);
      }
      const after = module.stateDict();
      expect(Object.keys(after)).toEqual(Object.keys(c.stateAfter));
      for (const [key, expected] of Object.entries(c.stateAfter)) expectClose(after[key]!, expected, `${c.name} ${key} after forward`);
    });
  }
});
