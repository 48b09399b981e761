import { describe, expect, it } from "vitest";
import { parseTrainArgs } from "../src/options.js";

describe("parseTrainArgs", () => {
  it("gives the common CIFAR-10 recipe by default", () => {
    expect(parseTrainArgs(["--model", "resnet20"])).toEqual({
      model: "resnet20", data: "./data", md5: undefined, epochs: 30, batchSize: 128, lr: 0.1, momentum: 0.9, nesterov: false,
      weightDecay: 5e-4, noBnBiasDecay: false, schedule: "cosine", warmupEpochs: 1, labelSmoothing: 0, numWorkers: 2, seed: 0,
      subset: undefined, testSubset: undefined, evalEvery: 1, logEvery: 50, out: "runs/resnet20", resume: undefined, quiet: false,
    });
  });

  it("reads every flag, after pnpm's separator too", () => {
    const o = parseTrainArgs([
      "--", "--model", "vgg11Bn", "--epochs", "5", "--batch-size", "64", "--lr", "0.05", "--nesterov", "--weight-decay", "0",
      "--no-bn-bias-decay", "--schedule", "onecycle", "--warmup-epochs", "0.5", "--label-smoothing", "0.1", "--num-workers", "0",
      "--seed", "7", "--subset", "256", "--test-subset", "100", "--eval-every", "2", "--md5", "none", "--out", "o", "--resume", "o/c",
      "--init", "w.safetensors",
    ]);
    expect(o).toMatchObject({
      model: "vgg11Bn", epochs: 5, batchSize: 64, lr: 0.05, nesterov: true, weightDecay: 0, noBnBiasDecay: true, schedule: "onecycle",
      warmupEpochs: 0.5, labelSmoothing: 0.1, numWorkers: 0, seed: 7, subset: 256, testSubset: 100, evalEvery: 2, md5: null, out: "o", resume: "o/c",
      init: "w.safetensors",
    });
  });

  it("rejects what it cannot use, with the usage", () => {
    expect(() => parseTrainArgs([])).toThrow(/--model is required\n\nusage: train-cifar10/);
    expect(() => parseTrainArgs(["--model", "resnet21"])).toThrow(/--model must be one of net, resnet20, .*mobilenetV2, got "resnet21"/);
    expect(() => parseTrainArgs(["--model", "net", "--epochs", "two"])).toThrow(/--epochs expects an integer >= 1, got "two"/);
    expect(() => parseTrainArgs(["--model", "net", "--lr", "0"])).toThrow(/--lr expects a number > 0/);
    expect(() => parseTrainArgs(["--model", "net", "--schedule", "step"])).toThrow(/--schedule must be cosine or onecycle/);
    expect(() => parseTrainArgs(["--model", "net", "--bogus"])).toThrow(/'--bogus'/);
    expect(() => parseTrainArgs(["--model", "net", "--momentum", "0", "--nesterov"])).toThrow(/--nesterov needs a momentum above 0/);
    expect(() => parseTrainArgs(["--model", "net", "--epochs", "2", "--warmup-epochs", "3"])).toThrow(/longer than the run/);
  });
});
