/**
 * One set of pretrained weights for one architecture, torchvision's `Weights`:
 * where the file is, how to check it, what it scored, which inputs it expects
 * and under which terms it may be used. Entries are plain data; `defineWeights`
 * groups them per architecture and `getWeight` finds them by name.
 */

/** A top-1 accuracy, always with the data it was measured on. */
export interface WeightsMetric {
  /** The data set and split, precise enough to reproduce ("CIFAR-10 test set, official pixels (10,000 images)"). */
  dataset: string;
  /** Top-1 accuracy in percent. */
  top1: number;
  /** Who measured it and how. */
  source: string;
}

/**
 * The preprocessing the weights were trained with: images scaled to [0, 1]
 * (ToTensor), then normalised per channel with these values.
 */
export interface WeightsTransforms {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  /** Input height and width. */
  imageSize: readonly [number, number];
}

/**
 * How the file holds the state dict when it is not the bare state dict:
 * checkpoints often wrap it (`{ state_dict, best_prec1 }`) and models trained
 * under DataParallel prefix every key with `module.`.
 */
export interface StateDictLayout {
  /** The key of the checkpoint object that holds the state dict. */
  key?: string;
  /** Removed from the start of every key (core's `stripPrefix`). */
  stripPrefix?: string;
}

export interface WeightsSpec {
  /** The entry's name within its architecture, upper case as torchvision's (`CIFAR10_V1`). */
  name: string;
  url: string;
  /** Full sha256 of the file, checked before the weights are used. */
  sha256: string;
  /** Size of the file in bytes. */
  fileSize: number;
  numParams: number;
  /** The class names, in the order of the model's outputs. */
  categories: readonly string[];
  transforms: WeightsTransforms;
  metrics: readonly WeightsMetric[];
  /** How the weights were trained, with a link to the script when there is one. */
  recipe: string;
  /** The licence the weights are distributed under, as an SPDX identifier, and its holder. */
  license: string;
  /** Where the weights come from. */
  source: string;
  stateDictLayout?: StateDictLayout;
  /** Anything a user should know before relying on the numbers. */
  notes?: string;
}

/** A registered entry: the spec plus the names it is found by. */
export interface Weights extends WeightsSpec {
  /** The architecture the weights load into, as `getModel` names it (`resnet20`). */
  readonly architecture: string;
  /** The group's name in torchvision's spelling (`ResNet20_Weights`). */
  readonly enumName: string;
  /** `ResNet20_Weights.CIFAR10_AKAMASTER`. */
  readonly fullName: string;
}
