import { describe, expect, it } from "vitest";
import { runModuleCase, type ModuleCase } from "./module-case.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * Every module and loss against PyTorch 1.13 (fixtures/generate_nn.py): with
 * the same state dict and inputs, the output, the gradients of the inputs
 * and parameters for the same upstream gradient, the buffers after the
 * forward pass (running statistics) and the repr must match.
 */

const { cases } = readFixture<{ cases: ModuleCase[] }>("nn-modules.json");

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

  for (const c of cases) it(c.name, () => runModuleCase(c));
});
