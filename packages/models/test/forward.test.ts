import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { formulaInput, formulaStateDict } from "./formula-tensors.js";
import { MODELS } from "./model-zoo.js";

/** Logits PyTorch computes for each architecture with the formula weights and input. */
const expected = JSON.parse(readFileSync(new URL("./fixtures/logits.json", import.meta.url), "utf8")) as Record<
  string,
  { input_shape: number[]; num_classes: number; logits: number[][] }
>;

/** Float32 rounding differs between convolution algorithms; compare relative to the logits' size. */
function expectClose(actual: number[][], reference: number[][], name: string): void {
  const scale = Math.max(1, ...reference.flat().map(Math.abs));
  const worst = Math.max(...actual.flat().map((v, i) => Math.abs(v - reference.flat()[i]!)));
  expect(worst / scale, `${name}: max difference ${worst} (logits up to ${scale})`).toBeLessThan(1e-4);
}

describe("forward passes match PyTorch (formula weights, eval mode)", () => {
  for (const [name, reference] of Object.entries(expected)) {
    if (!(name in MODELS)) continue; // pretrained entries are checked in pretrained.test.ts
    it(name, () => {
      const model = MODELS[name]!({ numClasses: reference.num_classes }).eval();
      model.loadStateDict(formulaStateDict(model));
      const logits = torch.noGrad(() => model.call(formulaInput(reference.input_shape)));
      expect(logits.size()).toEqual([reference.input_shape[0], reference.num_classes]);
      expectClose(logits.tolist() as number[][], reference.logits, name);
    }, 240_000); // ResNet-50 takes a while on the reference backend
  }
});
