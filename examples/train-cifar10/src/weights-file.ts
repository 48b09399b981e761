/**
 * The shippable result: the model's state dict alone, saved with torch.save
 * as safetensors and named `<model>-<first 8 hex of its sha256>.safetensors`,
 * PyTorch's model-zoo convention, which the hub checks downloads against.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import * as torch from "@taimatsu/core";

export interface WeightsFile {
  path: string;
  fileName: string;
  sha256: string;
  bytes: number;
}

export function writeWeightsFile(model: torch.nn.Module, dir: string, modelName: string): WeightsFile {
  // the name depends on the content, so the file is written first and named after
  const staging = join(dir, `${modelName}.safetensors.partial`);
  torch.save(model.stateDict(), staging);
  const content = readFileSync(staging);
  const sha256 = createHash("sha256").update(content).digest("hex");
  const fileName = `${modelName}-${sha256.slice(0, 8)}.safetensors`;
  const path = join(dir, fileName);
  renameSync(staging, path);
  return { path, fileName, sha256, bytes: content.byteLength };
}
