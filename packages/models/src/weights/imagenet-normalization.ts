/**
 * The ImageNet channel statistics that torchvision's examples normalise with.
 * The akamaster CIFAR-10 ResNets were trained with them too (not with
 * CIFAR-10's own statistics), so their inputs must be normalised the same way.
 */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
