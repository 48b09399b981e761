/**
 * The published CIFAR-10 ResNets (akamaster/pytorch_resnet_cifar10) from the
 * shared pretrained folder; skipped where it is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { loadTorchCheckpoint, stripPrefix, type Tensor } from "@taimatsu/core";
import * as models from "../src/index.js";
import { AKAMASTER } from "../../datasets/test/helpers/shared-data.js";
import { formulaInput } from "./formula-tensors.js";

const logits = JSON.parse(readFileSync(new URL("./fixtures/logits.json", import.meta.url), "utf8"))["resnet20-akamaster"] as {
  input_shape: number[];
  logits: number[][];
};

function stateDictOf(file: string): Record<string, Tensor> {
  const ckpt = loadTorchCheckpoint(new Uint8Array(readFileSync(new URL(file, AKAMASTER))), { source: file }) as { state_dict: Record<string, Tensor> };
  return stripPrefix(ckpt.state_dict, "module.");
}

describe.skipIf(!existsSync(AKAMASTER))("akamaster CIFAR-10 ResNets", () => {
  it("resnet20 gives PyTorch's logits within 1e-4", () => {
    const model = models.resnet20().eval();
    model.loadStateDict(stateDictOf("resnet20-12fca82f.th"));
    const out = torch.noGrad(() => model.call(formulaInput(logits.input_shape)));
    const diff = Math.max(...(out.tolist() as number[][]).flat().map((v, i) => Math.abs(v - logits.logits.flat()[i]!)));
    expect(diff).toBeLessThan(1e-4);
  });

  for (const [depth, file] of [[32, "resnet32-d509ac18.th"], [44, "resnet44-014dd654.th"], [56, "resnet56-4bfd9763.th"]] as const) {
    it(`resnet${depth} loads strictly`, () => {
      const model = { 32: models.resnet32, 44: models.resnet44, 56: models.resnet56 }[depth]();
      expect(() => model.loadStateDict(stateDictOf(file))).not.toThrow();
    });
  }
});
