/** Threads per block of the grid-stride kernels. */
export const BLOCK = 256;
/** At most this many blocks: the kernels loop over the rest (grid-stride), and gridDim.x stays far below 2^31. */
export const MAX_BLOCKS = 1 << 16;

/** The launch grid for `n` independent items (one per thread, grid-stride beyond that). */
export function gridFor(n: number): { grid: number; block: number } {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`cannot launch over ${n} items`);
  return { grid: Math.max(1, Math.min(Math.ceil(n / BLOCK), MAX_BLOCKS)), block: BLOCK };
}
