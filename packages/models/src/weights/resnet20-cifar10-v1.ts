/**
 * ResNet-20 trained by the project with examples/train-cifar10 on the
 * project's JPEG-decoded CIFAR-10 copy: 30 epochs of a cosine schedule, then
 * 15 more from those weights with a second, lower cosine cycle (--init), both
 * with crop-and-flip augmentation and label smoothing. Its model card is in
 * docs/models.md.
 */
import { CIFAR10_MEAN, CIFAR10_STD } from "./cifar10-normalization.js";
import { JPEG_CIFAR10_TEST } from "./cifar-resnet-akamaster.js";
import { projectWeights } from "./project-weights.js";

const DATA =
  "TAIMATSU_DATASETS_MIRROR=file:///work/shared/datasets/ TAIMATSU_DATASETS_MIRROR_ONLY=1 node dist/main.js --model resnet20 " +
  "--data /tmp/cifar10 --md5 ac6e1037b66a93add06c74da52bed7c1";
const STAGE_1 = `${DATA} --nesterov --no-bn-bias-decay --epochs 30 --label-smoothing 0.1 --eval-every 5 --out runs/resnet20 --quiet --log-every 100`;
const STAGE_2 =
  `${DATA} --init runs/resnet20/resnet20-380383fc.safetensors --nesterov --no-bn-bias-decay --epochs 15 --lr 0.05 ` +
  "--label-smoothing 0.1 --seed 1 --eval-every 5 --out runs/resnet20-stage2 --quiet --log-every 100";

export const RESNET20_CIFAR10_V1 = projectWeights({
  name: "CIFAR10_V1",
  fileName: "resnet20-cifar10-v1-a65c3c1b.safetensors",
  sha256: "a65c3c1b03eca6ada172ddb7808b1f6bead7c0d737b96196d9c825bc31394a68",
  fileSize: 1_094_320,
  numParams: 269_722,
  transforms: { mean: CIFAR10_MEAN, std: CIFAR10_STD, imageSize: [32, 32] },
  metrics: [
    {
      dataset: JPEG_CIFAR10_TEST,
      top1: 87.56,
      source:
        "TAIMATSU_HUB_MIRROR=file://<checkout>/packages/models/weights/ pnpm --filter @taimatsu/models eval -- resnet20 --weights DEFAULT " +
        "--data /tmp/cifar10 --md5 ac6e1037b66a93add06c74da52bed7c1 (cpu-native backend)",
    },
  ],
  recipe:
    "SGD, Nesterov momentum 0.9, weight decay 5e-4 except on BatchNorm parameters and biases, batch 128, cross-entropy with label " +
    "smoothing 0.1; RandomCrop(32, padding 4), RandomHorizontalFlip, Normalize(CIFAR-10 mean/std); all 50,000 training images of the " +
    "JPEG copy. Stage 1: 30 epochs, peak lr 0.1 after a 1-epoch linear warm-up from 1%, cosine to 0 per batch, seed 0 (87.10%). " +
    "Stage 2, from stage 1's weights with a fresh optimizer: 15 epochs, peak lr 0.05, the same warm-up and cosine, seed 1. " +
    `examples/train-cifar10 (from its folder): ${STAGE_1}; then ${STAGE_2}`,
  notes:
    "Trained and measured on the project's JPEG-decoded CIFAR-10 copy, not the official pixels; its accuracy on the official test set " +
    "was not measured. 45 epochs in 1 h 42 min on 2 shared CPU cores (cpu-native backend, 352 and 428 training images/s). Below the " +
    "88% this project aims for with ResNet-20; a single longer schedule is the next step.",
});
