/** Command-line options of the tutorial (all optional; the defaults are PyTorch's tutorial). */
export interface TutorialOptions {
  /** Where the dataset lives or is downloaded to (default ./data). */
  root: string;
  /** Mirror base URL for the archive (also TAIMATSU_DATASETS_MIRROR). */
  mirror?: string;
  /** Use only the mirror, never the official URL. */
  mirrorOnly?: boolean;
  /** Expected MD5 of the archive, for copies other than the official one. */
  md5?: string;
  /** Train on the first N training images only (a CI-sized run). */
  subset?: number;
  /** Test on the first N test images only. */
  testSubset?: number;
  epochs: number;
  batchSize: number;
  workers: number;
  /** Print the running loss every this many mini-batches (PyTorch: 2000). */
  logEvery: number;
  /** Where the trained weights are saved. */
  out: string;
  /** Seed for weights, shuffling and workers. */
  seed?: number;
  /** Hide the download progress bar. */
  quiet?: boolean;
}

export const DEFAULTS: TutorialOptions = { root: "./data", epochs: 2, batchSize: 4, workers: 2, logEvery: 2000, out: "./cifar_net.safetensors" };

const USAGE = `Usage: node dist/main.js [options]
  --root DIR          dataset folder (default ./data)
  --mirror URL        mirror base URL (http://, https:// or file://; also TAIMATSU_DATASETS_MIRROR)
  --mirror-only       never try the official URL
  --md5 HEX           expected MD5 of cifar-10-binary.tar.gz (for a non-official copy)
  --subset N          train on the first N images (e.g. --subset 2000 --epochs 1 for CI)
  --test-subset N     test on the first N images
  --epochs N          default 2
  --batch-size N      default 4
  --workers N         DataLoader workers, default 2
  --log-every N       mini-batches between loss lines, default 2000
  --out FILE          weights file, default ./cifar_net.safetensors
  --seed N            make the run reproducible
  --quiet             no download progress bar
Each option can also be set in the environment as CIFAR10_TUTORIAL_<OPTION>, e.g. CIFAR10_TUTORIAL_SUBSET=2000.`;

const NUMBER_FLAGS: Record<string, keyof TutorialOptions> = {
  "--subset": "subset", "--test-subset": "testSubset", "--epochs": "epochs", "--batch-size": "batchSize",
  "--workers": "workers", "--log-every": "logEvery", "--seed": "seed",
};
const STRING_FLAGS: Record<string, keyof TutorialOptions> = { "--root": "root", "--mirror": "mirror", "--md5": "md5", "--out": "out" };

/**
 * Each flag can also come from the environment: CIFAR10_TUTORIAL_<FLAG>, e.g.
 * CIFAR10_TUTORIAL_SUBSET=2000 (flags with no value: set to 1). Arguments win.
 */
function argsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const flags = [...Object.keys(NUMBER_FLAGS), ...Object.keys(STRING_FLAGS), "--mirror-only", "--quiet"];
  return flags.flatMap((flag) => {
    const value = env[`CIFAR10_TUTORIAL_${flag.slice(2).replace(/-/g, "_").toUpperCase()}`];
    if (value === undefined || value === "") return [];
    if (flag === "--mirror-only" || flag === "--quiet") return ["1", "true", "yes"].includes(value.toLowerCase()) ? [flag] : [];
    return [flag, value];
  });
}

/** Parses `--flag value` arguments; an unknown flag or a bad number is an error that prints the usage. */
export function parseArgs(cliArgs: readonly string[], env: NodeJS.ProcessEnv = {}): TutorialOptions {
  const options: Record<string, unknown> = { ...DEFAULTS };
  const argv = [...argsFromEnv(env), ...cliArgs];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--help" || flag === "-h") throw new UsageError("");
    if (flag === "--mirror-only") options.mirrorOnly = true;
    else if (flag === "--quiet") options.quiet = true;
    else if (flag in NUMBER_FLAGS) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} needs a non-negative integer, got ${argv[i]}`);
      options[NUMBER_FLAGS[flag]!] = value;
    } else if (flag in STRING_FLAGS) {
      if (argv[i + 1] === undefined) throw new UsageError(`${flag} needs a value`);
      options[STRING_FLAGS[flag]!] = argv[++i];
    } else throw new UsageError(`unknown option ${flag}`);
  }
  return options as unknown as TutorialOptions;
}

export class UsageError extends Error {
  override name = "UsageError";
  constructor(problem: string) {
    super(problem ? `${problem}\n${USAGE}` : USAGE);
  }
}
