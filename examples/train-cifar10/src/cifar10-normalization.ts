/**
 * CIFAR-10's per-channel pixel statistics over the 50,000 training images
 * (of the official pixels, scaled to [0, 1]), the values PyTorch's CIFAR
 * recipes normalise with. They are kept for the project's JPEG copy too, so
 * weights trained here take the same inputs as weights trained elsewhere.
 */
export const CIFAR10_MEAN = [0.4914, 0.4822, 0.4465] as const;
export const CIFAR10_STD = [0.247, 0.2435, 0.2616] as const;
