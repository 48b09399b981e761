/**
 * The program's command line. Every recipe setting is a flag with the
 * default of the common CIFAR-10 recipes, so the printed command of a run is
 * enough to repeat it.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isModelName, MODEL_NAMES, type ModelName } from "./model-zoo.js";

export type ScheduleName = "cosine" | "onecycle";

export interface TrainOptions {
  model: ModelName;
  /** Folder holding cifar-10-batches-bin; the archive is downloaded there when absent. */
  data: string;
  /** MD5 of the archive to download: undefined, the official one; null, unchecked. */
  md5?: string | null;
  epochs: number;
  batchSize: number;
  /** Peak learning rate (reached after the warm-up). */
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  /** Exempt BatchNorm parameters and biases (every parameter with fewer than 2 dimensions) from weight decay. */
  noBnBiasDecay: boolean;
  schedule: ScheduleName;
  /** Epochs of linear warm-up (fractions allowed); for one-cycle, the rising phase. */
  warmupEpochs: number;
  labelSmoothing: number;
  numWorkers: number;
  seed: number;
  /** Train on the first N training images only. */
  subset?: number;
  /** Evaluate on the first N test images only. */
  testSubset?: number;
  /** Evaluate on the test set every this many epochs (and always after the last). */
  evalEvery: number;
  /** Mini-batches between progress lines. */
  logEvery: number;
  /** Where the checkpoint, the weights and the summary go. */
  out: string;
  /** A checkpoint to continue from. */
  resume?: string;
  /** Weights (a safetensors state dict, such as a previous run's weights file) to start from instead of a random initialisation. */
  init?: string;
  /** No download progress bar. */
  quiet: boolean;
}

export const USAGE = `usage: train-cifar10 --model NAME [options]

Trains a CIFAR-10 model with random crop (padding 4), horizontal flip and per-channel normalisation,
SGD with momentum, and writes <out>/<model>-<sha256 prefix>.safetensors plus a JSON summary.

  --model NAME            ${MODEL_NAMES.join(", ")}
  --data DIR              CIFAR-10 root; the archive is downloaded there when absent
                          (mirrors: TAIMATSU_DATASETS_MIRROR); default ./data
  --md5 HEX|none          expected MD5 of an archive that is not the official one
  --epochs N              default 30
  --batch-size N          default 128
  --lr X                  peak learning rate, default 0.1
  --momentum X            default 0.9 (one-cycle cycles it between 0.85 and 0.95 instead)
  --nesterov              Nesterov momentum
  --weight-decay X        default 5e-4
  --no-bn-bias-decay      no weight decay on BatchNorm parameters and biases
  --schedule NAME         cosine (linear warm-up, then cosine to 0; stepped per batch) or onecycle; default cosine
  --warmup-epochs X       default 1
  --label-smoothing X     default 0
  --num-workers N         DataLoader worker threads, default 2
  --seed N                default 0
  --subset N              train on the first N training images
  --test-subset N         evaluate on the first N test images
  --eval-every K          evaluate every K epochs (and after the last), default 1
  --log-every N           mini-batches between progress lines, default 50
  --out DIR               default runs/<model>
  --resume FILE           continue from a checkpoint (<out>/checkpoint.safetensors) of the same recipe
  --init FILE             start from these weights (a state dict, e.g. a previous run's weights file)
                          instead of a random initialisation: a new schedule from the trained network
  --quiet                 no download progress bar`;

export class UsageError extends Error {
  override name = "UsageError";
  constructor(problem: string) {
    super(problem ? `${problem}\n\n${USAGE}` : USAGE);
  }
}

/** Parses the arguments after the script name; throws a UsageError for anything it cannot use. */
export function parseTrainArgs(argv: readonly string[]): TrainOptions {
  // `pnpm run train -- …` may pass the separator through
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const { values: v } = parseFlags(args);
  if (v.help) throw new UsageError("");
  if (v.model === undefined) throw new UsageError("--model is required");
  if (!isModelName(v.model)) throw new UsageError(`--model must be one of ${MODEL_NAMES.join(", ")}, got "${v.model}"`);
  const schedule = v.schedule ?? "cosine";
  if (schedule !== "cosine" && schedule !== "onecycle") throw new UsageError(`--schedule must be cosine or onecycle, got "${schedule}"`);
  const options: TrainOptions = {
    model: v.model,
    data: v.data ?? "./data",
    md5: v.md5 === undefined ? undefined : v.md5 === "none" ? null : v.md5.toLowerCase(),
    epochs: integer("--epochs", v.epochs, 30, 1),
    batchSize: integer("--batch-size", v["batch-size"], 128, 1),
    lr: number("--lr", v.lr, 0.1, { positive: true }),
    momentum: number("--momentum", v.momentum, 0.9, { max: 1 }),
    nesterov: v.nesterov ?? false,
    weightDecay: number("--weight-decay", v["weight-decay"], 5e-4),
    noBnBiasDecay: v["no-bn-bias-decay"] ?? false,
    schedule,
    warmupEpochs: number("--warmup-epochs", v["warmup-epochs"], 1),
    labelSmoothing: number("--label-smoothing", v["label-smoothing"], 0, { max: 1 }),
    numWorkers: integer("--num-workers", v["num-workers"], 2, 0),
    seed: integer("--seed", v.seed, 0, 0),
    subset: v.subset === undefined ? undefined : integer("--subset", v.subset, 0, 1),
    testSubset: v["test-subset"] === undefined ? undefined : integer("--test-subset", v["test-subset"], 0, 1),
    evalEvery: integer("--eval-every", v["eval-every"], 1, 1),
    logEvery: integer("--log-every", v["log-every"], 50, 1),
    out: v.out ?? join("runs", v.model),
    resume: v.resume,
    init: v.init,
    quiet: v.quiet ?? false,
  };
  checkRecipe(options);
  return options;
}

function parseFlags(args: string[]) {
  const text = { type: "string" } as const;
  const flag = { type: "boolean" } as const;
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        model: text, data: text, md5: text, epochs: text, "batch-size": text, lr: text, momentum: text,
        nesterov: flag, "weight-decay": text, "no-bn-bias-decay": flag, schedule: text, "warmup-epochs": text,
        "label-smoothing": text, "num-workers": text, seed: text, subset: text, "test-subset": text,
        "eval-every": text, "log-every": text, out: text, resume: text, init: text, quiet: flag, help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // node's messages name the flag ("Unknown option '--bogus'"), which is what the user needs
    throw new UsageError((error as Error).message);
  }
}

/** Combinations PyTorch itself would reject, reported before any data is loaded. */
function checkRecipe(o: TrainOptions): void {
  if (o.nesterov && o.momentum === 0) throw new UsageError("--nesterov needs a momentum above 0");
  if (o.warmupEpochs > o.epochs) throw new UsageError(`--warmup-epochs (${o.warmupEpochs}) is longer than the run (${o.epochs} epochs)`);
  if (o.schedule === "onecycle" && o.warmupEpochs === 0) throw new UsageError("--schedule onecycle needs --warmup-epochs above 0 (its rising phase)");
}

function integer(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects an integer >= ${min}, got "${text}"`);
  return n;
}

function number(flag: string, text: string | undefined, fallback: number, limits: { positive?: boolean; max?: number } = {}): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  const low = limits.positive ? n > 0 : n >= 0;
  if (text.trim() === "" || !Number.isFinite(n) || !low || (limits.max !== undefined && n > limits.max)) {
    const range = `${limits.positive ? "> 0" : ">= 0"}${limits.max === undefined ? "" : ` and <= ${limits.max}`}`;
    throw new UsageError(`${flag} expects a number ${range}, got "${text}"`);
  }
  return n;
}
