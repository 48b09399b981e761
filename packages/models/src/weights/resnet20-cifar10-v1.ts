/**
 * ResNet-20 trained by the project with examples/train-cifar10 on the
 * project's JPEG-decoded CIFAR-10 copy: 30 epochs of a cosine schedule, then
 * three more cosine cycles (15, 12 and 55 epochs), each from the previous
 * stage's weights (--init), all with crop-and-flip augmentation and label
 * smoothing. Its model card is in docs/models.md.
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
const STAGE_3 =
  `${DATA} --init runs/resnet20-stage2/resnet20-a65c3c1b.safetensors --nesterov --no-bn-bias-decay --epochs 12 --lr 0.05 ` +
  "--label-smoothing 0.1 --seed 2 --eval-every 4 --out runs/resnet20-stage3 --quiet --log-every 100";
const STAGE_4 =
  `${DATA} --init runs/resnet20-stage3/resnet20-a8f224e8.safetensors --nesterov --no-bn-bias-decay --epochs 55 --lr 0.05 ` +
  "--label-smoothing 0.1 --seed 3 --eval-every 5 --out runs/resnet20-stage4 --quiet --log-every 100";

export const RESNET20_CIFAR10_V1 = projectWeights({
  name: "CIFAR10_V1",
  fileName: "resnet20-cifar10-v1-f3b95d41.safetensors",
  sha256: "f3b95d418687abf08eca7401a5eceee2c57243a8f822c894b37bd87266085357",
  fileSize: 1_094_320,
  numParams: 269_722,
  transforms: { mean: CIFAR10_MEAN, std: CIFAR10_STD, imageSize: [32, 32] },
  metrics: [
    {
      dataset: JPEG_CIFAR10_TEST,
      top1: 88.4,
      source:
        "TAIMATSU_HUB_MIRROR=file://<checkout>/packages/models/weights/ pnpm --filter @taimatsu/models eval -- resnet20 --weights DEFAULT " +
        "--data /tmp/cifar10 --md5 ac6e1037b66a93add06c74da52bed7c1 (cpu-native backend)",
    },
  ],
  recipe:
    "SGD, Nesterov momentum 0.9, weight decay 5e-4 except on BatchNorm parameters and biases, batch 128, cross-entropy with label " +
    "smoothing 0.1; RandomCrop(32, padding 4), RandomHorizontalFlip, Normalize(CIFAR-10 mean/std); all 50,000 training images of the " +
    "JPEG copy. Stage 1: 30 epochs, peak lr 0.1 after a 1-epoch linear warm-up from 1%, cosine to 0 per batch, seed 0 (87.10%). " +
    "Stages 2 to 4, each from the previous stage's weights with a fresh optimizer, peak lr 0.05, the same warm-up and cosine: " +
    "15 epochs, seed 1 (87.56%); 12 epochs, seed 2 (87.68%); 55 epochs, seed 3 (88.40%, these weights). " +
    `examples/train-cifar10 (from its folder): ${STAGE_1}; then ${STAGE_2}; then ${STAGE_3}; then ${STAGE_4}`,
  notes:
    "Trained and measured on the project's JPEG-decoded CIFAR-10 copy, not the official pixels; its accuracy on the official test set " +
    "was not measured. 112 epochs in 3 h 54 min of training on 2 CPU cores, often shared (cpu-native backend, 352 to 500 training " +
    "images/s by stage).",
});
