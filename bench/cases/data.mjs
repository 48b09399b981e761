// Images per second of the CIFAR-10 augmentation pipeline (RandomCrop 32 padding 4, horizontal flip,
// ToTensor, Normalize) through a DataLoader with 0 and 2 worker threads, batch 128.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadBackend } from "../lib/backend.mjs";

const here = dirname(fileURLToPath(import.meta.url));
/** Extracted CIFAR-10 shared with pytorch_cases.py through TAIMATSU_BENCH_CIFAR10. */
export const cifarRoot = resolve(here, "../.data");
const SHARED = resolve(here, "../../../shared/datasets");
const SHARED_MD5 = "ac6e1037b66a93add06c74da52bed7c1";
const IMAGES = 10_000;

async function prepare() {
  const { CIFAR10 } = await import("@taimatsu/datasets");
  if (!existsSync(join(cifarRoot, "cifar-10-batches-bin"))) {
    // a mirror set by the user wins; otherwise the repository's neighbouring shared copy
    const mirror = process.env.TAIMATSU_DATASETS_MIRROR ?? (existsSync(SHARED) ? pathToFileURL(SHARED).href : undefined);
    if (!mirror) throw new Error("CIFAR-10 not found: set TAIMATSU_DATASETS_MIRROR to a folder or URL holding cifar-10-binary.tar.gz");
    const md5 = mirror.startsWith(pathToFileURL(SHARED).href) ? SHARED_MD5 : undefined;
    await CIFAR10.create({ root: cifarRoot, download: true, mirror, mirrorOnly: true, md5, progress: false });
  }
  process.env.TAIMATSU_BENCH_CIFAR10 = cifarRoot;
  return CIFAR10;
}

async function imagesPerSecond(numWorkers) {
  const torch = await loadBackend();
  const CIFAR10 = await prepare();
  const { transforms: T } = await import("@taimatsu/vision");
  const transform = new T.Compose([
    new T.RandomCrop(32, { padding: 4 }),
    new T.RandomHorizontalFlip(),
    new T.ToTensor(),
    new T.Normalize([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]),
  ]);
  const trainset = new CIFAR10({ root: cifarRoot, train: true, transform });
  const subset = new torch.utils.data.Subset(trainset, Array.from({ length: IMAGES }, (_, i) => i));
  const loader = new torch.utils.data.DataLoader(subset, { batchSize: 128, shuffle: true, numWorkers, seed: 0 });
  const start = performance.now();
  let seen = 0;
  for await (const [x] of loader) seen += x.shape[0];
  return seen / ((performance.now() - start) / 1000);
}

export const cases = [
  { name: "cifar10-augment-workers0", unit: "images/s", higherIsBetter: true, run: () => imagesPerSecond(0) },
  { name: "cifar10-augment-workers2", unit: "images/s", higherIsBetter: true, run: () => imagesPerSecond(2) },
];
