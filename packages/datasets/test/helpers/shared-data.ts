/**
 * The shared data folder beside the repository (`../shared`): a copy of the
 * CIFAR-10 binary archive and published pretrained weights. A fresh clone
 * has none of it; the tests that use it check `existsSync` and skip.
 */
export const SHARED = new URL("../../../../../shared/", import.meta.url);

export const CIFAR10_ARCHIVE = new URL("datasets/cifar-10-binary.tar.gz", SHARED);

/** The copy's own MD5 (shared/datasets/README.md): its pixels differ from the official archive's. */
export const CIFAR10_COPY_MD5 = "ac6e1037b66a93add06c74da52bed7c1";

/** akamaster/pytorch_resnet_cifar10's published CIFAR-10 ResNets. */
export const AKAMASTER = new URL("pretrained/resnet-cifar10-akamaster/", SHARED);
