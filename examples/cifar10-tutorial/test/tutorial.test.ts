/**
 * Runs the tutorial's own code on a small subset, with the archive served
 * from a loopback HTTP server (the shared copy beside the repository);
 * skipped, with a message, when that copy is absent.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { useFastestBackend } from "../src/backend.js";
import { DEFAULTS, parseArgs } from "../src/options.js";
import { runTutorial } from "../src/tutorial.js";
import { serve, type LoopbackServer } from "../../../packages/datasets/test/helpers/loopback-server.js";
import { CIFAR10_ARCHIVE, CIFAR10_COPY_MD5 } from "../../../packages/datasets/test/helpers/shared-data.js";

const archive = fileURLToPath(CIFAR10_ARCHIVE);
const present = existsSync(archive);
if (!present) console.warn(`tutorial.test.ts: skipped, ${archive} is absent`);

describe("options", () => {
  it("parses the CI-sized run and rejects nonsense", () => {
    expect(parseArgs(["--subset", "2000", "--epochs", "1", "--mirror", "file:///m/"])).toEqual({ ...DEFAULTS, subset: 2000, epochs: 1, mirror: "file:///m/" });
    expect(() => parseArgs(["--epochs", "two"])).toThrow(/--epochs needs a non-negative integer/);
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option --bogus\nUsage/);
    const fromEnv = parseArgs(["--epochs", "3"], { CIFAR10_TUTORIAL_SUBSET: "500", CIFAR10_TUTORIAL_EPOCHS: "1", CIFAR10_TUTORIAL_MIRROR_ONLY: "1" });
    expect([fromEnv.subset, fromEnv.epochs, fromEnv.mirrorOnly]).toEqual([500, 3, true]);
  });
});

describe.skipIf(!present)("the tutorial on a subset", () => {
  const tmp = mkdtempSync(join(tmpdir(), "taimatsu-tutorial-"));
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await serve({ "cifar-10-binary.tar.gz": { body: { file: archive } } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("trains, prints PyTorch's lines, saves and reloads the weights", async () => {
    const warnings: string[] = [];
    await useFastestBackend((w) => warnings.push(w));
    const lines: string[] = [];
    const out = join(tmp, "cifar_net.safetensors");
    const result = await runTutorial(
      {
        ...DEFAULTS,
        root: join(tmp, "data"),
        mirror: server.url,
        mirrorOnly: true,
        md5: CIFAR10_COPY_MD5,
        subset: 400,
        testSubset: 100,
        epochs: 1,
        logEvery: 50,
        out,
        seed: 0,
        quiet: true,
      },
      (line) => lines.push(line),
    );
    expect(lines.filter((l) => l.startsWith("["))).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[1, {4}50\] loss: \d\.\d{3}$/);
    expect(lines[1]).toMatch(/^\[1, {3}100\] loss: \d\.\d{3}$/);
    expect(lines).toContain("Finished Training");
    expect(lines.find((l) => l.startsWith("GroundTruth:"))).toMatch(/^GroundTruth: {2}(\w+ *){4}$/);
    expect(lines.find((l) => l.startsWith("Predicted:"))).toMatch(/^Predicted: {2}/);
    expect(lines).toContainEqual(expect.stringMatching(/^Accuracy of the network on the 100 test images: \d+ %$/));
    const perClass = lines.filter((l) => l.startsWith("Accuracy for class:"));
    expect(perClass).toHaveLength(10);
    expect(perClass[0]).toMatch(/^Accuracy for class: plane is \d+\.\d %$/);
    expect(perClass[1]).toMatch(/^Accuracy for class: car {3}is /);
    expect(result.losses.every((l) => l > 0 && l < 3)).toBe(true);
    const weights = torch.load(out) as Record<string, torch.Tensor>;
    expect(Object.keys(weights).sort()).toEqual(["conv1.bias", "conv1.weight", "conv2.bias", "conv2.weight", "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "fc3.bias", "fc3.weight"]);
    expect(weights["fc1.weight"]!.shape).toEqual([120, 400]);
  }, 300_000);
});
