// Images per second of the CIFAR-10 augmentation pipeline
// (RandomCrop(32, padding 4), RandomHorizontalFlip, ToTensor, Normalize)
// through a DataLoader with 0 and 2 workers.
//
//   pnpm --filter @taimatsu/datasets build && node packages/datasets/bench/augmentation.mjs [--images N] [--batch-size N] [--workers 0,2]
//
// Data: CIFAR-10 under $CIFAR10_ROOT (default ./data), else extracted from the shared copy
// (../shared/datasets beside the repository) into a temporary folder.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as torch from "@taimatsu/core";
import { transforms as T } from "@taimatsu/vision";
import { CIFAR10 } from "../dist/index.js";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const images = Number(arg("images", "10000"));
const batchSize = Number(arg("batch-size", "128"));
const workerCounts = arg("workers", "0,2").split(",").map(Number);

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, "../../../../shared/datasets");
let root = process.env.CIFAR10_ROOT ?? "./data";
let cleanup = () => undefined;
if (!existsSync(join(root, "cifar-10-batches-bin"))) {
  if (!existsSync(join(shared, "cifar-10-binary.tar.gz"))) throw new Error(`no CIFAR-10 under ${root} and no shared copy at ${shared}`);
  root = mkdtempSync(join(tmpdir(), "taimatsu-bench-"));
  cleanup = () => rmSync(root, { recursive: true, force: true });
  await CIFAR10.create({ root, download: true, mirror: pathToFileURL(shared).href, mirrorOnly: true, md5: "ac6e1037b66a93add06c74da52bed7c1", progress: false });
}

const transform = new T.Compose([
  new T.RandomCrop(32, { padding: 4 }),
  new T.RandomHorizontalFlip(),
  new T.ToTensor(),
  new T.Normalize([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]),
]);
const trainset = new CIFAR10({ root, train: true, transform });
const subset = new torch.utils.data.Subset(trainset, Array.from({ length: Math.min(images, trainset.length) }, (_, i) => i));

console.log(`CIFAR-10 augmentation pipeline, ${subset.length} images, batch ${batchSize}, node ${process.version}`);
for (const numWorkers of workerCounts) {
  const loader = new torch.utils.data.DataLoader(subset, { batchSize, shuffle: true, numWorkers, seed: 0 });
  const start = performance.now();
  let seen = 0;
  for await (const [x] of loader) seen += x.shape[0];
  const seconds = (performance.now() - start) / 1000;
  console.log(`numWorkers ${numWorkers}: ${(seen / seconds).toFixed(0)} images/s (${seen} images in ${seconds.toFixed(2)} s, worker start-up included)`);
}
cleanup();
