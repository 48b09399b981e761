/**
 * The weights this program trained for the models registry: every file in
 * packages/models/weights has an entry that agrees with it (hash, size,
 * parameter count, transforms), and each entry, loaded the way users load
 * it (getModel through the hub, served by TAIMATSU_HUB_MIRROR), scores its
 * registered top-1 on the shared CIFAR-10 copy's test set (skipped, with a
 * message, when the copy is absent).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { CIFAR10 } from "@taimatsu/datasets";
import * as models from "@taimatsu/models";
import { testTransform } from "../src/cifar10-transforms.js";
import { evaluate } from "../src/evaluate.js";
import { useNativeBackend } from "../src/native-backend.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const weightsDir = join(repoRoot, "packages/models/weights");
const sharedCopy = resolve(repoRoot, "../shared/datasets");
const present = existsSync(join(sharedCopy, "cifar-10-binary.tar.gz"));
if (!present) console.warn(`shipped-weights.test.ts: accuracy check skipped, ${sharedCopy}/cifar-10-binary.tar.gz is absent`);
const COPY_MD5 = "ac6e1037b66a93add06c74da52bed7c1";

const projectEntries = () =>
  models.listWeights().map((name) => models.getWeight(name)).filter((w) => w.url.startsWith(models.PROJECT_WEIGHTS_BASE_URL));
const fileOf = (entry: models.Weights) => decodeURIComponent(entry.url.slice(models.PROJECT_WEIGHTS_BASE_URL.length));

describe("shipped weights files", () => {
  it("are each registered, with the file's sha256, size and parameter count", async () => {
    const files = readdirSync(weightsDir).filter((f) => f.endsWith(".safetensors")).sort();
    expect(files).toEqual(projectEntries().map(fileOf).sort());
    for (const entry of projectEntries()) {
      const bytes = readFileSync(join(weightsDir, fileOf(entry)));
      expect(bytes.byteLength).toBe(entry.fileSize);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(entry.sha256);
      expect(fileOf(entry)).toContain(entry.sha256.slice(0, 8));
      const model = await models.getModel(entry.architecture);
      expect(model.parameters().reduce((n, p) => n + p.numel(), 0)).toBe(entry.numParams);
    }
  });

  for (const [architecture, fullName] of [["net", "Net_Weights.CIFAR10_V1"], ["resnet20", "ResNet20_Weights.CIFAR10_V1"]] as const)
    it(`register ${architecture}'s weights as its DEFAULT, with the transforms they were trained with`, () => {
      const entry = models.getModelWeights(architecture).DEFAULT;
      expect(entry.fullName).toBe(fullName);
      expect(entry.transforms).toEqual({ mean: models.CIFAR10_MEAN, std: models.CIFAR10_STD, imageSize: [32, 32] });
      expect(entry.recipe).toContain(`node dist/main.js --model ${architecture}`);
    });
});

describe.skipIf(!present)("the shipped weights on the shared CIFAR-10 copy", () => {
  const tmp = mkdtempSync(join(tmpdir(), "shipped-weights-"));
  const saved = { hub: process.env.TAIMATSU_HUB_MIRROR, data: process.env.TAIMATSU_DATASETS_MIRROR };

  beforeAll(async () => {
    process.env.TAIMATSU_HUB_MIRROR = `${pathToFileURL(weightsDir).href}/`;
    process.env.TAIMATSU_DATASETS_MIRROR = `${pathToFileURL(sharedCopy).href}/`;
    await useNativeBackend(() => undefined);
  });
  afterAll(() => {
    for (const [name, value] of [["TAIMATSU_HUB_MIRROR", saved.hub], ["TAIMATSU_DATASETS_MIRROR", saved.data]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const entry of projectEntries())
    it(`${entry.fullName} loads through the hub and scores its registered top-1 on the 10,000 test images`, async () => {
      const model = await models.getModel(entry.architecture, { weights: entry, modelDir: join(tmp, "hub"), progress: false });
      const testSet = await CIFAR10.create<torch.Tensor>({ root: join(tmp, "data"), train: false, download: true, md5: COPY_MD5, progress: false, transform: testTransform() });
      const loader = new torch.utils.data.DataLoader<[torch.Tensor, number], [torch.Tensor, torch.Tensor]>(testSet, { batchSize: 500, numWorkers: 1 });
      const result = await evaluate(model, loader);
      expect(result.images).toBe(10_000);
      const registered = entry.metrics.find((m) => m.dataset === models.JPEG_CIFAR10_TEST)!;
      expect(result.accuracy.toFixed(2)).toBe(registered.top1.toFixed(2));
    }, 300_000);
});
