/**
 * The standard CIFAR-10 augmentation (He et al. 2015): a random 32x32 crop of
 * the image padded by 4 zero pixels on each side, a horizontal flip half the
 * time; then ToTensor and per-channel normalisation. The test images are only
 * normalised.
 */
import type * as torch from "@taimatsu/core";
import { transforms as T, type Image } from "@taimatsu/vision";
import { CIFAR10_MEAN, CIFAR10_STD } from "@taimatsu/models";

export function trainTransform(): T.Compose<Image, torch.Tensor> {
  return new T.Compose<Image, torch.Tensor>([
    new T.RandomCrop(32, { padding: 4 }),
    new T.RandomHorizontalFlip(),
    new T.ToTensor(),
    new T.Normalize(CIFAR10_MEAN, CIFAR10_STD),
  ]);
}

export function testTransform(): T.Compose<Image, torch.Tensor> {
  return new T.Compose<Image, torch.Tensor>([new T.ToTensor(), new T.Normalize(CIFAR10_MEAN, CIFAR10_STD)]);
}
