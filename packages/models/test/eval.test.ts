/**
 * The evaluation CLI: argument parsing, input preparation, and a run end to
 * end (built CLI in a child process, CIFAR-10 and weights served by a
 * loopback server through the mirror variables) on the shared CIFAR copy.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { parseEvalArgs } from "../src/cli/eval-args.js";
import { isWeightsFile, unwrapStateDict } from "../src/cli/eval-weights.js";
import { normalizedBatch } from "../src/cli/normalized-batch.js";
import { serve, type LoopbackServer } from "../../datasets/test/helpers/loopback-server.js";
import { AKAMASTER, CIFAR10_ARCHIVE, CIFAR10_COPY_MD5 } from "../../datasets/test/helpers/shared-data.js";

const RESNET20 = new URL("resnet20-12fca82f.th", AKAMASTER);
const CLI = new URL("../dist/cli/eval.js", import.meta.url);

describe("command line", () => {
  it("parses the documented options", () => {
    const args = parseEvalArgs(["--", "resnet20", "--weights", "DEFAULT", "--data", "./data", "--mean", "0.5,0.5,0.5", "--std", "0.25, 0.25, 0.25", "--batch-size", "64", "--limit", "300", "--md5", "none"]);
    expect(args).toEqual({ model: "resnet20", weights: "DEFAULT", data: "./data", mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], batchSize: 64, limit: 300, md5: null });
    expect(parseEvalArgs(["net", "--weights", "w.safetensors", "--data", "d"])).toMatchObject({ batchSize: 128, limit: undefined, md5: undefined, mean: undefined });
  });

  it("explains what is wrong, with the usage", () => {
    expect(() => parseEvalArgs(["resnet20", "--data", "d"])).toThrow(/--weights is required[\s\S]*usage: eval/);
    expect(() => parseEvalArgs(["resnet20", "--weights", "DEFAULT"])).toThrow(/--data is required/);
    expect(() => parseEvalArgs(["resnet20", "--weights", "DEFAULT", "--data", "d", "--mean", "1,2,3"])).toThrow(/--mean and --std go together/);
    expect(() => parseEvalArgs(["resnet20", "--weights", "DEFAULT", "--data", "d", "--mean", "1,2", "--std", "1,1,1"])).toThrow(/three numbers/);
    expect(() => parseEvalArgs(["resnet20", "--weights", "DEFAULT", "--data", "d", "--limit", "0"])).toThrow(/positive integer/);
  });

  it("tells entry names from files", () => {
    expect(isWeightsFile("DEFAULT")).toBe(false);
    expect(isWeightsFile("ResNet20_Weights.CIFAR10_AKAMASTER")).toBe(false);
    expect(isWeightsFile("resnet20-12fca82f.th")).toBe(true);
    expect(isWeightsFile("./weights/model")).toBe(true);
  });

  it("unwraps checkpoints and DataParallel prefixes", () => {
    const t = torch.zeros([1]);
    expect(Object.keys(unwrapStateDict({ state_dict: { "module.a.weight": t }, best_prec1: 90 }, "f"))).toEqual(["a.weight"]);
    expect(Object.keys(unwrapStateDict({ "a.weight": t, "module.b": t }, "f"))).toEqual(["a.weight", "module.b"]);
    expect(() => unwrapStateDict([t], "f.pth")).toThrow(/f\.pth: expected a state dict/);
  });
});

describe("input batches", () => {
  it("equal ToTensor then Normalize computed with tensor ops in float32", () => {
    const data = Uint8Array.from({ length: 2 * 32 * 32 * 3 }, (_, i) => (i * 37) % 256);
    const norm = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;
    const batch = normalizedBatch(data, 0, 2, norm);
    const hwc = torch.tensor(Float32Array.from(data), { shape: [2, 32, 32, 3] });
    const mean = torch.tensor(Float32Array.from(norm.mean), { shape: [1, 3, 1, 1] });
    const std = torch.tensor(Float32Array.from(norm.std), { shape: [1, 3, 1, 1] });
    const expected = hwc.permute(0, 3, 1, 2).div(255).sub(mean).div(std);
    expect(batch.shape).toEqual([2, 3, 32, 32]);
    expect(torch.equal(batch, expected)).toBe(true);
  });
});

const runCli = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, [CLI.pathname, ...args], { env, timeout: 400_000, maxBuffer: 16 << 20 }).catch((e: { code: number; stdout: string; stderr: string }) => e);

describe.skipIf(!existsSync(CLI))("CLI errors", () => {
  it("exits with the usage when arguments are missing", async () => {
    const result = (await runCli(["resnet20"], process.env)) as { code?: number; stderr: string };
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--weights is required/);
  });
});

describe.skipIf(!existsSync(CIFAR10_ARCHIVE) || !existsSync(RESNET20) || !existsSync(CLI))("evaluating the akamaster resnet20 on the shared CIFAR-10 copy", () => {
  let server: LoopbackServer;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "taimatsu-eval-"));
    server = await serve({ "cifar-10-binary.tar.gz": { body: { file: fileURLToPath(CIFAR10_ARCHIVE) } }, "resnet20-12fca82f.th": { body: { file: fileURLToPath(RESNET20) } } });
    env = { ...process.env, TAIMATSU_HOME: join(work, "home"), TAIMATSU_HUB_MIRROR: server.url, TAIMATSU_DATASETS_MIRROR: server.url };
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("downloads what it needs and scores close to PyTorch's 81.03%", async () => {
    const limit = 300;
    const { stdout, stderr } = await runCli(["resnet20", "--weights", "ResNet20_Weights.CIFAR10_AKAMASTER", "--data", join(work, "data"), "--md5", CIFAR10_COPY_MD5, "--limit", String(limit), "--batch-size", "100"], env);
    const last = stdout.trim().split("\n").pop()!;
    expect(last, stderr).toMatch(/^top1=\d{1,3}\.\d\d% images\/s=\d+$/);
    expect(stderr).toMatch(/300\/300 images/);
    // The first images of this copy hold every class equally. A binomial standard error at
    // 300 images is about 2.3 points; 4 of them bound the difference from the full test set.
    const top1 = Number(/top1=([\d.]+)%/.exec(last)![1]);
    expect(Math.abs(top1 - 81.03)).toBeLessThan(4 * 100 * Math.sqrt((0.81 * 0.19) / limit));
    expect(server.hits.get("cifar-10-binary.tar.gz")).toBe(1);
    expect(readdirSync(join(work, "data"))).toContain("cifar-10-batches-bin");
  }, 420_000);

  it("evaluates a weights file with the architecture's default normalisation, offline", async () => {
    await server.close();
    const file = join(work, "home", "hub", "checkpoints", "resnet20-12fca82f.th");
    // the data was verified against this copy's MD5, so the same MD5 is named (the official one would not match)
    const { stdout, stderr } = await runCli(["resnet20", "--weights", file, "--data", join(work, "data"), "--md5", CIFAR10_COPY_MD5, "--limit", "50"], env);
    // the default normalisation of a file is that of the architecture's DEFAULT weights (the project's CIFAR10_V1)
    expect(stderr).toMatch(/mean 0\.4914,0\.4822,0\.4465, std 0\.247,0\.2435,0\.2616/);
    expect(stdout.trim().split("\n").pop()).toMatch(/^top1=\d{1,3}\.\d\d% images\/s=\d+$/);
  }, 300_000);
});
