/**
 * The weights registry: entries agree with the published files, names
 * resolve as torchvision's do, and getModel downloads (through a loopback
 * mirror), checks and loads weights that give PyTorch's logits.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import * as models from "../src/index.js";
import { formulaInput } from "./formula-tensors.js";
import { serve, type LoopbackServer, type Route } from "../../datasets/test/helpers/loopback-server.js";
import { AKAMASTER } from "../../datasets/test/helpers/shared-data.js";

const HAVE_AKAMASTER = existsSync(new URL("README.md", AKAMASTER));
const CIFAR_RESNETS = [models.ResNet20Weights, models.ResNet32Weights, models.ResNet44Weights, models.ResNet56Weights];
const fileName = (url: string) => url.slice(url.lastIndexOf("/") + 1);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("registry lookups", () => {
  it("lists the architectures and finds weights by torchvision's names", () => {
    expect(models.listModels()).toEqual(expect.arrayContaining(["net", "resnet20", "resnet56", "vgg11_bn", "mobilenet_v2", "resnet18"]));
    const entry = models.getWeight("ResNet20_Weights.CIFAR10_AKAMASTER");
    expect(entry).toBe(models.ResNet20Weights.CIFAR10_AKAMASTER);
    expect(models.getWeight("ResNet20Weights.CIFAR10_AKAMASTER")).toBe(entry);
    expect(models.getWeight("ResNet20_Weights.DEFAULT")).toBe(models.ResNet20Weights.CIFAR10_V1);
    expect(models.getModelWeights("resnet20")).toBe(models.ResNet20Weights);
    expect(models.getModelWeights("resnet20").DEFAULT.fullName).toBe("ResNet20_Weights.CIFAR10_V1");
    expect(models.listWeights()).toEqual([
      "ResNet20_Weights.CIFAR10_V1", "ResNet20_Weights.CIFAR10_AKAMASTER", "ResNet32_Weights.CIFAR10_AKAMASTER",
      "ResNet44_Weights.CIFAR10_AKAMASTER", "ResNet56_Weights.CIFAR10_AKAMASTER",
      "Net_Weights.CIFAR10_V1",
    ]);
  });

  it("says what exists when a name is wrong", () => {
    expect(() => models.getWeight("ResNet20_Weights.IMAGENET1K_V1")).toThrow(/has no entry "IMAGENET1K_V1"; it has CIFAR10_V1, CIFAR10_AKAMASTER/);
    expect(() => models.getWeight("Nope_Weights.X")).toThrow(/ResNet20_Weights/);
    expect(() => models.getModelWeights("vgg11_bn")).toThrow(/no pretrained weights are registered for "vgg11_bn"/);
    expect(() => models.getModelWeights("resnet21")).toThrow(/unknown model "resnet21"/);
  });

  it("refuses malformed groups", () => {
    const spec = { ...models.ResNet20Weights.CIFAR10_AKAMASTER, name: "DEFAULT" as const };
    expect(() => models.defineWeights("resnet20", "X_Weights", [spec], "DEFAULT")).toThrow(/not DEFAULT/);
  });
});

describe("registered entries", () => {
  for (const group of CIFAR_RESNETS) {
    const entry = group.CIFAR10_AKAMASTER;
    it(`${entry.fullName} has complete metadata`, () => {
      expect(entry.url).toBe(`https://github.com/akamaster/pytorch_resnet_cifar10/raw/master/pretrained_models/${fileName(entry.url)}`);
      expect(entry.sha256.startsWith(models.hub.hashPrefixFromFileName(fileName(entry.url))!)).toBe(true);
      expect(entry.categories).toHaveLength(10);
      expect(entry.transforms).toEqual({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], imageSize: [32, 32] });
      expect(entry.stateDictLayout).toEqual({ key: "state_dict", stripPrefix: "module." });
      expect(entry.license).toMatch(/^BSD-2-Clause/);
      expect(entry.metrics[0]!.dataset).toBe(models.OFFICIAL_CIFAR10_TEST);
      for (const m of entry.metrics) expect(m.source.length).toBeGreaterThan(10);
    });

    it(`${entry.fullName} counts the parameters of ${entry.architecture}`, async () => {
      const model = await models.getModel(entry.architecture);
      expect([...model.parameters()].reduce((n, p) => n + p.numel(), 0)).toBe(entry.numParams);
    });

    it.skipIf(!HAVE_AKAMASTER)(`${entry.fullName} matches the published file's sha256 and size`, () => {
      const bytes = readFileSync(new URL(fileName(entry.url), AKAMASTER));
      expect(bytes.length).toBe(entry.fileSize);
      expect(sha256(bytes)).toBe(entry.sha256);
    });
  }

  it("records resnet20's published and JPEG-copy accuracies", () => {
    const metrics = models.ResNet20Weights.CIFAR10_AKAMASTER.metrics;
    expect(metrics.map((m) => [m.dataset, m.top1])).toEqual([
      [models.OFFICIAL_CIFAR10_TEST, 91.73],
      [models.JPEG_CIFAR10_TEST, 81.03],
    ]);
  });

  it("points project weights at the project's base URL", () => {
    const spec = models.projectWeights({
      name: "CIFAR10_V1", fileName: "net-cifar10-v1-0a1b2c3d.safetensors", sha256: "0a1b2c3d".padEnd(64, "0"), fileSize: 1, numParams: 62_006,
      transforms: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], imageSize: [32, 32] }, metrics: [], recipe: "r",
    });
    expect(spec.url).toBe(`${models.PROJECT_WEIGHTS_BASE_URL}net-cifar10-v1-0a1b2c3d.safetensors`);
    expect(spec.license).toMatch(/MIT/);
  });
});

describe("getModel and loadWeights through a mirror", () => {
  let server: LoopbackServer;
  let cache: string;
  const saved = process.env.TAIMATSU_HUB_MIRROR;
  const net = new models.Net();
  const netBytes = torch.saveToBytes(net.stateDict());
  const netFile = `net-cifar10-test-${sha256(netBytes).slice(0, 8)}.safetensors`;

  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), "taimatsu-weights-"));
    const akamaster: Record<string, Route> = HAVE_AKAMASTER ? { "resnet20-12fca82f.th": { body: { file: fileURLToPath(new URL("resnet20-12fca82f.th", AKAMASTER)) } } } : {};
    server = await serve({ [netFile]: { body: netBytes }, ...akamaster });
    process.env.TAIMATSU_HUB_MIRROR = server.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.TAIMATSU_HUB_MIRROR;
    else process.env.TAIMATSU_HUB_MIRROR = saved;
    await server.close();
    rmSync(cache, { recursive: true, force: true });
  });

  it("loads a project entry (a small data entry) into its architecture", async () => {
    const entry = models.defineWeights("net", "Net_Weights", [
      models.projectWeights({
        name: "CIFAR10_TEST", fileName: netFile, sha256: sha256(netBytes), fileSize: netBytes.length, numParams: 62_006,
        transforms: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], imageSize: [32, 32] }, metrics: [], recipe: "random initialisation",
      }),
    ], "CIFAR10_TEST").DEFAULT;
    const fresh = new models.Net();
    fresh.loadStateDict(await models.loadWeights(entry, { modelDir: cache, progress: false }));
    const x = torch.randn([2, 3, 32, 32]);
    expect(torch.allclose(fresh.call(x), net.call(x))).toBe(true);
  });

  it.skipIf(!HAVE_AKAMASTER)("getModel('resnet20', { weights: 'CIFAR10_AKAMASTER' }) gives PyTorch's logits", async () => {
    const fixture = JSON.parse(readFileSync(new URL("./fixtures/logits.json", import.meta.url), "utf8"))["resnet20-akamaster"] as { input_shape: number[]; logits: number[][] };
    const model = (await models.getModel("resnet20", { weights: "CIFAR10_AKAMASTER", modelDir: cache, progress: false })).eval();
    const out = torch.noGrad(() => model.call(formulaInput(fixture.input_shape)) as torch.Tensor);
    expect(out.shape).toEqual([2, 10]);
    const got = (out.tolist() as number[][]).flat();
    const want = fixture.logits.flat();
    expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-4);
  });

  it.skipIf(!HAVE_AKAMASTER)("accepts entry names and entries, and checks them against the architecture", async () => {
    await expect(models.getModel("resnet20", { weights: "CIFAR10_AKAMASTER", modelDir: cache, progress: false })).resolves.toBeDefined();
    await expect(models.getModel("resnet20", { weights: models.ResNet20Weights.CIFAR10_AKAMASTER, modelDir: cache, progress: false })).resolves.toBeDefined();
    await expect(models.getModel("resnet32", { weights: models.ResNet20Weights.DEFAULT })).rejects.toThrow(/are for resnet20, not resnet32/);
    await expect(models.getModel("resnet20", { weights: "DEFAULT", numClasses: 100 })).rejects.toThrow(/has 10 classes, but numClasses is 100/);
  });

  it("builds without weights by default", async () => {
    const model = await models.getModel("resnet20", { numClasses: 100 });
    expect((model as models.CifarResNet).linear.outFeatures).toBe(100);
  });
});
