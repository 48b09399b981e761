/** The registered weights of the CIFAR-10 tutorial CNN (`getModel("net", { weights: "DEFAULT" })`). */
import { defineWeights } from "./define-weights.js";
import { NET_CIFAR10_V1 } from "./net-cifar10-v1.js";

export const NetWeights = defineWeights("net", "Net_Weights", [NET_CIFAR10_V1], "CIFAR10_V1");
