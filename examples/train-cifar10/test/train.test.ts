/**
 * Runs the program on a tiny subset of the shared CIFAR-10 copy (beside the
 * repository, served through TAIMATSU_DATASETS_MIRROR as a file:// URL) and
 * checks what a run leaves: a weights file named after its hash that loads
 * into the architecture, a summary, and a checkpoint a run can resume from
 * to the same weights. Skipped, with a message, when the copy is absent.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { Net } from "@taimatsu/models";
import { useNativeBackend } from "../src/native-backend.js";
import { parseTrainArgs } from "../src/options.js";
import type { TrainingSummary } from "../src/summary.js";
import { runTraining } from "../src/train.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const sharedCopy = resolve(repoRoot, "../shared/datasets");
const present = existsSync(join(sharedCopy, "cifar-10-binary.tar.gz"));
if (!present) console.warn(`train.test.ts: skipped, ${sharedCopy}/cifar-10-binary.tar.gz is absent`);

/** The shared copy is not the official archive: its own MD5. */
const COPY_MD5 = "ac6e1037b66a93add06c74da52bed7c1";

describe.skipIf(!present)("train-cifar10 on a subset", () => {
  const tmp = mkdtempSync(join(tmpdir(), "train-cifar10-"));
  const saved = { mirror: process.env.TAIMATSU_DATASETS_MIRROR, only: process.env.TAIMATSU_DATASETS_MIRROR_ONLY };
  const args = (out: string, more: string[] = []) => [
    "--model", "net", "--data", join(tmp, "data"), "--md5", COPY_MD5, "--subset", "256", "--test-subset", "200",
    "--batch-size", "32", "--lr", "0.02", "--num-workers", "1", "--log-every", "4", "--out", join(tmp, out), "--quiet", ...more,
  ];

  beforeAll(async () => {
    process.env.TAIMATSU_DATASETS_MIRROR = `${pathToFileURL(sharedCopy).href}/`;
    process.env.TAIMATSU_DATASETS_MIRROR_ONLY = "1";
    await useNativeBackend(() => undefined);
  });
  afterAll(() => {
    restoreEnv("TAIMATSU_DATASETS_MIRROR", saved.mirror);
    restoreEnv("TAIMATSU_DATASETS_MIRROR_ONLY", saved.only);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("trains one epoch of net, prints progress, writes loadable weights and a summary", async () => {
    const lines: string[] = [];
    const result = await runTraining(parseTrainArgs(args("one", ["--epochs", "1"])), { log: (l) => lines.push(l), command: "node dist/main.js --model net" });

    expect(lines[0]).toMatch(/^training net \(62,006 parameters\) on 256 CIFAR-10 images, testing on 200; backend \S+; 1 epochs of 8 batches of 32$/);
    expect(lines).toContainEqual(expect.stringMatching(/^epoch 1\/1 \[4\/8\] loss \d\.\d{4} acc \d+\.\d\d% lr \S+ \d+ images\/s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^epoch 1\/1 done: train loss \d\.\d{4} acc [\d.]+% \| test loss \d\.\d{4} acc [\d.]+% \| [\d.]+ s, \d+ images\/s$/));

    const bytes = readFileSync(result.weightsPath);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(basename(result.weightsPath)).toBe(`net-${sha256.slice(0, 8)}.safetensors`);
    const net = new Net();
    expect(net.loadStateDict(torch.load(result.weightsPath) as Record<string, torch.Tensor>)).toEqual({ missingKeys: [], unexpectedKeys: [] });

    const summary = JSON.parse(readFileSync(result.summaryPath, "utf8")) as TrainingSummary;
    expect(result.summaryPath).toBe(result.weightsPath.replace(/\.safetensors$/, ".json"));
    expect(summary).toMatchObject({
      model: "net", registryName: "net", parameters: 62_006,
      weights: { file: basename(result.weightsPath), sha256, bytes: bytes.byteLength },
      accuracy: { testImages: 200, trainImages: 256 },
      command: "node dist/main.js --model net",
    });
    expect(summary.accuracy.top1).toBeGreaterThanOrEqual(0);
    expect(summary.history).toHaveLength(1);
    expect(summary.time.trainImagesPerSecond).toBeGreaterThan(0);
    expect(summary.hardware.logicalCpus).toBeGreaterThan(0);
    expect(summary.evalCommand).toMatch(/^pnpm --filter @taimatsu\/models eval -- net --weights \S+net-[0-9a-f]{8}\.safetensors --data \S+ --mean 0\.4914,0\.4822,0\.4465 --std 0\.247,0\.2435,0\.2616 --md5 ac6e/);
  }, 300_000);

  it("starts from given weights with --init, and records them in the recipe", async () => {
    const start = await runTraining(parseTrainArgs(args("start", ["--epochs", "1"])), { log: () => undefined, command: "" });
    // a learning rate too small to move the weights: the result is the network it started from
    const next = await runTraining(parseTrainArgs(args("next", ["--epochs", "1", "--lr", "1e-12", "--init", start.weightsPath])), { log: () => undefined, command: "" });
    const before = torch.load(start.weightsPath) as Record<string, torch.Tensor>;
    const after = torch.load(next.weightsPath) as Record<string, torch.Tensor>;
    for (const key of Object.keys(before)) expect(torch.allclose(after[key]!, before[key]!, { atol: 1e-7, rtol: 0 }), key).toBe(true);
    expect(next.summary.recipe).toMatchObject({ init: start.weightsPath });
  }, 300_000);

  it("resumes an interrupted run from its checkpoint to the same weights", async () => {
    const recipe = ["--epochs", "2", "--seed", "3", "--nesterov", "--label-smoothing", "0.1"];
    const straight = await runTraining(parseTrainArgs(args("straight", recipe)), { log: () => undefined, command: "" });

    // stop the run in its second epoch, after the first epoch's checkpoint was written
    const interrupted = runTraining(parseTrainArgs(args("resumed", recipe)), {
      log: (line) => {
        if (line.startsWith("epoch 2/2 [")) throw new Error("interrupted");
      },
      command: "",
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    const checkpoint = join(tmp, "resumed", "checkpoint.safetensors");
    expect(torch.loadCheckpoint(checkpoint).progress).toMatchObject({ epochsDone: 1 });

    const lines: string[] = [];
    const resumed = await runTraining(parseTrainArgs(args("resumed", [...recipe, "--resume", checkpoint])), { log: (l) => lines.push(l), command: "" });
    expect(lines[0]).toMatch(/resuming after epoch 1$/);
    expect(resumed.summary.history).toHaveLength(2);
    expect(basename(resumed.weightsPath)).toBe(basename(straight.weightsPath));

    const otherRecipe = parseTrainArgs(args("other", ["--epochs", "3", "--resume", checkpoint]));
    await expect(runTraining(otherRecipe, { log: () => undefined, command: "" })).rejects.toThrow(/cannot resume with a different recipe \(epochs: checkpoint 2, now 3; nesterov: checkpoint true, now false; labelSmoothing: checkpoint 0.1, now 0; seed: checkpoint 3, now 0\)/);
  }, 300_000);
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
