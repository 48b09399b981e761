/**
 * The evaluation CLI's command line:
 *
 *     eval <model> --weights <entry|DEFAULT|file> --data <root>
 *          [--mean r,g,b --std r,g,b] [--batch-size N] [--limit N] [--md5 HEX|none]
 */
import { parseArgs } from "node:util";

export interface EvalArgs {
  model: string;
  /** A registry entry name ("DEFAULT", "CIFAR10_AKAMASTER", "ResNet20_Weights.CIFAR10_AKAMASTER") or a file path. */
  weights: string;
  /** The CIFAR-10 root folder (downloaded into when absent). */
  data: string;
  mean?: [number, number, number];
  std?: [number, number, number];
  batchSize: number;
  /** Evaluate only the first N test images. */
  limit?: number;
  /** MD5 of the archive to download; undefined: the official one; null: unchecked. */
  md5?: string | null;
}

export const USAGE = `usage: eval <model> --weights <entry|DEFAULT|file> --data <root> [--mean r,g,b --std r,g,b] [--batch-size N] [--limit N] [--md5 HEX|none]

Evaluates a model on the CIFAR-10 test set and prints, as its last line, top1=NN.NN% images/s=N.
  <model>          an architecture name (see models.listModels()), e.g. resnet20
  --weights        a registered entry (DEFAULT, CIFAR10_AKAMASTER, ResNet20_Weights.CIFAR10_AKAMASTER)
                   or a weights file (.safetensors, .pth, .th)
  --data           folder holding cifar-10-batches-bin; the archive is downloaded there when absent
                   (mirrors: TAIMATSU_DATASETS_MIRROR)
  --mean, --std    input normalisation; default: the architecture's DEFAULT weights'
  --batch-size     images per forward pass (default 128)
  --limit          evaluate only the first N test images
  --md5            expected MD5 of a downloaded archive that is not the official one ("none": unchecked)`;

/** Parses `argv` (without node and the script), or throws a message ending in the usage. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  // `pnpm run eval -- …` may pass the separator through
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      weights: { type: "string" },
      data: { type: "string" },
      mean: { type: "string" },
      std: { type: "string" },
      "batch-size": { type: "string" },
      limit: { type: "string" },
      md5: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`expected one model name, got ${positionals.length ? positionals.join(" ") : "none"}`);
  if (!values.weights) throw new UsageError("--weights is required (an entry name, DEFAULT, or a file path)");
  if (!values.data) throw new UsageError("--data is required (the CIFAR-10 root folder)");
  if ((values.mean === undefined) !== (values.std === undefined)) throw new UsageError("--mean and --std go together");
  return {
    model: positionals[0]!,
    weights: values.weights,
    data: values.data,
    mean: values.mean === undefined ? undefined : triple("--mean", values.mean),
    std: values.std === undefined ? undefined : triple("--std", values.std, true),
    batchSize: values["batch-size"] === undefined ? 128 : positiveInt("--batch-size", values["batch-size"]),
    limit: values.limit === undefined ? undefined : positiveInt("--limit", values.limit),
    md5: values.md5 === undefined ? undefined : values.md5 === "none" ? null : values.md5.toLowerCase(),
  };
}

export class UsageError extends Error {
  override name = "UsageError";
  constructor(problem: string) {
    super(`${problem}\n\n${USAGE}`);
  }
}

function triple(flag: string, text: string, positive = false): [number, number, number] {
  const parts = text.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v) || (positive && v <= 0))) {
    throw new UsageError(`${flag} expects three ${positive ? "positive " : ""}numbers separated by commas (r,g,b), got "${text}"`);
  }
  return parts as [number, number, number];
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive integer, got "${text}"`);
  return n;
}
