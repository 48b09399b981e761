/**
 * CIFAR-10's own channel statistics (mean and standard deviation of the
 * training pixels in [0, 1]), which the project's CIFAR-10 weights were
 * trained with (examples/train-cifar10 normalises with the same values).
 */
export const CIFAR10_MEAN = [0.4914, 0.4822, 0.4465] as const;
export const CIFAR10_STD = [0.247, 0.2435, 0.2616] as const;
