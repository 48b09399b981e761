/**
 * Optimizer parameter groups for weight decay. Decaying BatchNorm scales and
 * shifts or biases does not regularise anything useful (they do not set the
 * model's capacity) and can hurt, so recipes often exempt them; these are
 * exactly the parameters with fewer than two dimensions.
 */
import type * as torch from "@taimatsu/core";

export interface DecayGroup {
  params: torch.Tensor[];
  weightDecay: number;
}

export function weightDecayGroups(model: torch.nn.Module, weightDecay: number, exemptBnAndBias: boolean): DecayGroup[] {
  const params = model.parameters();
  if (!exemptBnAndBias) return [{ params, weightDecay }];
  return [
    { params: params.filter((p) => p.ndim >= 2), weightDecay },
    { params: params.filter((p) => p.ndim < 2), weightDecay: 0 },
  ];
}
