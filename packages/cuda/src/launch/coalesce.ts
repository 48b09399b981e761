/**
 * Merges dims that several views (of one shape) walk the same way, so that
 * kernels do fewer divisions per element and any rank fits the kernels'
 * eight dims when it can: size-1 dims go, and dims d, d+1 merge when every
 * view has strides[d] == strides[d+1] * shape[d+1].
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, v) => outStrides[v]![last] === s[d]! * size)) {
      outShape[last] = outShape[last]! * size;
      strides.forEach((s, v) => {
        outStrides[v]![last] = s[d]!;
      });
      continue;
    }
    outShape.push(size);
    strides.forEach((s, v) => outStrides[v]!.push(s[d]!));
  }
  return { shape: outShape, strides: outStrides };
}
