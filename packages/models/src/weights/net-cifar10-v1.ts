/**
 * The tutorial CNN trained by the project with examples/train-cifar10 on the
 * project's JPEG-decoded CIFAR-10 copy: 30 epochs of crop-and-flip
 * augmentation with a cosine schedule, against the tutorial's 2 epochs of
 * plain SGD. Its model card is in docs/models.md.
 */
import { CIFAR10_MEAN, CIFAR10_STD } from "./cifar10-normalization.js";
import { JPEG_CIFAR10_TEST } from "./cifar-resnet-akamaster.js";
import { projectWeights } from "./project-weights.js";

const TRAINING_COMMAND =
  "TAIMATSU_DATASETS_MIRROR=file:///work/shared/datasets/ TAIMATSU_DATASETS_MIRROR_ONLY=1 " +
  "node dist/main.js --model net --data /tmp/cifar10 --md5 ac6e1037b66a93add06c74da52bed7c1 --epochs 30 --batch-size 64 " +
  "--lr 0.03 --nesterov --weight-decay 5e-4 --schedule cosine --warmup-epochs 1 --num-workers 1 --seed 0 --log-every 200 --quiet";

export const NET_CIFAR10_V1 = projectWeights({
  name: "CIFAR10_V1",
  fileName: "net-cifar10-v1-759b2843.safetensors",
  sha256: "759b2843c264a479658f4f39dfebcb635a5ed487bf6c9dea87967820129e8100",
  fileSize: 248_792,
  numParams: 62_006,
  transforms: { mean: CIFAR10_MEAN, std: CIFAR10_STD, imageSize: [32, 32] },
  metrics: [
    {
      dataset: JPEG_CIFAR10_TEST,
      top1: 70.39,
      source:
        "TAIMATSU_HUB_MIRROR=file://<checkout>/packages/models/weights/ pnpm --filter @taimatsu/models eval -- net --weights DEFAULT " +
        "--data /tmp/cifar10 --md5 ac6e1037b66a93add06c74da52bed7c1 (cpu-native backend)",
    },
  ],
  recipe:
    "SGD, Nesterov momentum 0.9, weight decay 5e-4 on all parameters, batch 64, 30 epochs, peak lr 0.03 after a 1-epoch linear warm-up " +
    "from 1%, cosine to 0, stepped per batch; RandomCrop(32, padding 4), RandomHorizontalFlip, Normalize(CIFAR-10 mean/std); " +
    "all 50,000 training images of the JPEG copy; seed 0. " +
    `examples/train-cifar10 (from its folder): ${TRAINING_COMMAND}`,
  notes:
    "Trained and measured on the project's JPEG-decoded CIFAR-10 copy, not the official pixels; its accuracy on the official " +
    "test set was not measured. Trained in 11 min 17 s on 2 shared CPU cores (cpu-native backend).",
});
