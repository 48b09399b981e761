/**
 * PyTorch's `Sampler`: an iterable of dataset indices (or, for batch
 * samplers, of index lists). `length`, when known, is the number it yields.
 */
export interface Sampler<I = number> extends Iterable<I> {
  readonly length: number;
}

/** Anything with a length (a dataset, a list of indices). */
export interface Sized {
  readonly length: number;
}
