import type { Tensor } from "@taimatsu/core";
import { putNumbers } from "./tensors.js";

// codes of `Reduction` in native/src/fused/loss_common.h
const REDUCTION = { none: 0, mean: 1, sum: 2 } as const;

export interface LossAttrs {
  reduction: "none" | "mean" | "sum";
  ignoreIndex: number;
  labelSmoothing?: number;
}

/** Writes the loss kernels' leading numbers (LossAttrs::read) from slot 0; returns the next free slot. */
export function putLossAttrs(a: LossAttrs, weight: Tensor | null): number {
  return putNumbers(0, REDUCTION[a.reduction], a.ignoreIndex, a.labelSmoothing ?? 0, !!weight);
}
