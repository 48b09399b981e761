import { nn, type Tensor } from "@taimatsu/core";

/** Output channels of each 3x3 convolution, "M" for a 2x2 max pool (Simonyan & Zisserman 2014, configurations A, B, D, E). */
export type VGGLayers = readonly (number | "M")[];

export const VGG_LAYERS = {
  vgg11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  vgg13: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  vgg16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  vgg19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
} as const satisfies Record<string, VGGLayers>;

/**
 * VGG with batch normalisation for 32x32 images: `features` holds
 * conv/batch-norm/ReLU triples and max pools, numbered as in torchvision's
 * `vgg*_bn` (`features.0.weight`, `features.1.running_mean`, ...), followed
 * by the CIFAR head of kuangliu/pytorch-cifar: a 1x1 average pool (which
 * keeps the 512x1x1 features) and a single `classifier` Linear(512, classes).
 */
export class CifarVGG extends nn.Module {
  features: nn.Sequential;
  classifier: nn.Linear;

  constructor(layers: VGGLayers, options: { numClasses?: number } = {}) {
    super();
    const modules: nn.Module[] = [];
    let channels = 3;
    for (const v of layers) {
      if (v === "M") {
        modules.push(new nn.MaxPool2d(2, { stride: 2 }));
        continue;
      }
      modules.push(new nn.Conv2d(channels, v, 3, { padding: 1 }), new nn.BatchNorm2d(v), new nn.ReLU({ inplace: true }));
      channels = v;
    }
    modules.push(new nn.AvgPool2d(1, { stride: 1 }));
    this.features = new nn.Sequential(...modules);
    this.classifier = new nn.Linear(512, options.numClasses ?? 10);
  }

  override forward(x: Tensor): Tensor {
    return this.classifier.call(this.features.call(x).flatten(1));
  }
}

/** VGG-11 with batch norm, CIFAR head (9.2M parameters). */
export const vgg11Bn = (options: { numClasses?: number } = {}) => new CifarVGG(VGG_LAYERS.vgg11, options);
/** VGG-13 with batch norm, CIFAR head (9.4M parameters). */
export const vgg13Bn = (options: { numClasses?: number } = {}) => new CifarVGG(VGG_LAYERS.vgg13, options);
/** VGG-16 with batch norm, CIFAR head (14.7M parameters). */
export const vgg16Bn = (options: { numClasses?: number } = {}) => new CifarVGG(VGG_LAYERS.vgg16, options);
/** VGG-19 with batch norm, CIFAR head (20.0M parameters). */
export const vgg19Bn = (options: { numClasses?: number } = {}) => new CifarVGG(VGG_LAYERS.vgg19, options);
