import { putNumbers } from "./tensors.js";

export interface ConvGeometry {
  stride: readonly [number, number];
  padding: readonly [number, number];
  dilation: readonly [number, number];
  groups: number;
}

/** Writes stride, padding, dilation and groups from slot 0 (ConvGeometry::read in conv_common.h); returns the next free slot. */
export function putConvGeometry(a: ConvGeometry): number {
  return putNumbers(0, a.stride[0], a.stride[1], a.padding[0], a.padding[1], a.dilation[0], a.dilation[1], a.groups);
}
