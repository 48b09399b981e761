/** The registered weights of the CIFAR ResNets, one group per depth. */
import { defineWeights } from "./define-weights.js";
import { RESNET20_AKAMASTER, RESNET32_AKAMASTER, RESNET44_AKAMASTER, RESNET56_AKAMASTER } from "./cifar-resnet-akamaster.js";
import { RESNET20_CIFAR10_V1 } from "./resnet20-cifar10-v1.js";

// DEFAULT: the project's weights score higher on the project's CIFAR-10 copy (88.40% against 81.03%)
export const ResNet20Weights = defineWeights("resnet20", "ResNet20_Weights", [RESNET20_CIFAR10_V1, RESNET20_AKAMASTER], "CIFAR10_V1");
export const ResNet32Weights = defineWeights("resnet32", "ResNet32_Weights", [RESNET32_AKAMASTER], "CIFAR10_AKAMASTER");
export const ResNet44Weights = defineWeights("resnet44", "ResNet44_Weights", [RESNET44_AKAMASTER], "CIFAR10_AKAMASTER");
export const ResNet56Weights = defineWeights("resnet56", "ResNet56_Weights", [RESNET56_AKAMASTER], "CIFAR10_AKAMASTER");
