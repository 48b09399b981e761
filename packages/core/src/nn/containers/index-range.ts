/** Python-style indexing for containers: negative indices count from the end; out of range is an error naming the container. */
export function absoluteIndex(container: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new RangeError(`${container}: index ${index} is out of range (length ${length})`);
  }
  return index < 0 ? index + length : index;
}

/** Python's slice bounds `[start:end]` clamped to `length`. */
export function sliceRange(start: number | undefined, end: number | undefined, length: number): [number, number] {
  const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + length : i, 0), length);
  return [clamp(start ?? 0), clamp(end ?? length)];
}
