/**
 * The CIFAR-10 ResNets of Yerlan Idelbayev (github.com/akamaster/
 * pytorch_resnet_cifar10), the reference PyTorch implementation of He et al.
 * 2015's CIFAR networks with "option A" shortcuts. They are PyTorch's legacy
 * pickles `{ state_dict, best_prec1 }`, saved from a DataParallel model, so
 * every key carries `module.`.
 *
 * sha256 and sizes were computed from the published files. Top-1 on the
 * official test set is the author's README figure (100 % minus the published
 * test error); the checkpoints' own `best_prec1` differs slightly (resnet20:
 * 91.78) because it is the best epoch measured during training.
 */
import { CIFAR10_CATEGORIES } from "./cifar10-categories.js";
import { IMAGENET_MEAN, IMAGENET_STD } from "./imagenet-normalization.js";
import type { WeightsMetric, WeightsSpec } from "./weights.js";

const REPOSITORY = "https://github.com/akamaster/pytorch_resnet_cifar10";
const PUBLISHED_AT = `${REPOSITORY}/raw/master/pretrained_models/`;

export const OFFICIAL_CIFAR10_TEST = "CIFAR-10 test set, official pixels (10,000 images)";
/** The project's development copy of CIFAR-10: its pixels went through JPEG, so scores are lower than on the official set. */
export const JPEG_CIFAR10_TEST =
  "CIFAR-10 test batch of the project's JPEG-decoded development copy (cifar-10-binary.tar.gz, sha256 45d99529…, 10,000 images)";

const RECIPE =
  "SGD lr 0.1, momentum 0.9, weight decay 1e-4, batch 128, 200 epochs, lr x0.1 at epochs 100 and 150; " +
  "random crop 32 with 4-pixel padding and horizontal flip; all 50,000 training images, no validation split " +
  `(${REPOSITORY}/blob/master/trainer.py)`;

function officialTop1(testError: number): WeightsMetric {
  return {
    dataset: OFFICIAL_CIFAR10_TEST,
    top1: Number((100 - testError).toFixed(2)),
    source: `published by the author: test error ${testError.toFixed(2)}% in ${REPOSITORY}#readme`,
  };
}

interface PublishedFile {
  depth: number;
  fileName: string;
  sha256: string;
  fileSize: number;
  numParams: number;
  metrics: WeightsMetric[];
}

function akamasterSpec(file: PublishedFile): WeightsSpec & { name: "CIFAR10_AKAMASTER" } {
  return {
    name: "CIFAR10_AKAMASTER",
    url: PUBLISHED_AT + file.fileName,
    sha256: file.sha256,
    fileSize: file.fileSize,
    numParams: file.numParams,
    categories: CIFAR10_CATEGORIES,
    transforms: { mean: IMAGENET_MEAN, std: IMAGENET_STD, imageSize: [32, 32] },
    metrics: file.metrics,
    recipe: RECIPE,
    license: "BSD-2-Clause, Copyright (c) 2018, Yerlan Idelbayev",
    source: `${REPOSITORY} (pretrained_models/${file.fileName})`,
    stateDictLayout: { key: "state_dict", stripPrefix: "module." },
    notes:
      `ResNet-${file.depth} for CIFAR-10 trained with PyTorch by its author, not by this project. ` +
      "BatchNorm layers predate num_batches_tracked; the checkpoint has no such buffers.",
  };
}

export const RESNET20_AKAMASTER = akamasterSpec({
  depth: 20,
  fileName: "resnet20-12fca82f.th",
  sha256: "12fca82f0bebc4135bf1f32f6e3710e61d5108578464b84fd6d7f5c1b04036c8",
  fileSize: 1_099_231,
  numParams: 269_722,
  metrics: [
    officialTop1(8.27),
    { dataset: JPEG_CIFAR10_TEST, top1: 81.03, source: "PyTorch 1.13.1 CPU on the project's machine (datasets/reference-results.md)" },
  ],
});

export const RESNET32_AKAMASTER = akamasterSpec({
  depth: 32,
  fileName: "resnet32-d509ac18.th",
  sha256: "d509ac1820d7f25398913559d7e81a13229b1e7adc5648e3bfa5e22dc137f850",
  fileSize: 1_890_043,
  numParams: 464_154,
  metrics: [officialTop1(7.37)],
});

export const RESNET44_AKAMASTER = akamasterSpec({
  depth: 44,
  fileName: "resnet44-014dd654.th",
  sha256: "014dd6541728a1c700b1642ab640e211dc6eb8ed507d70697458dc8f8a0ae2e4",
  fileSize: 2_680_855,
  numParams: 658_586,
  metrics: [officialTop1(6.9)],
});

export const RESNET56_AKAMASTER = akamasterSpec({
  depth: 56,
  fileName: "resnet56-4bfd9763.th",
  sha256: "4bfd97631478d6b638d2764fd2baff3edb1d7d82252d54439343b6596b9b5367",
  fileSize: 3_471_733,
  numParams: 853_018,
  metrics: [officialTop1(6.61)],
});
