import { defaultGenerator, Generator } from "../../random/generator.js";

/**
 * The generator a random sampler draws from for one pass. With none given,
 * PyTorch seeds a fresh generator from the global one (a 63-bit seed drawn as
 * `torch.empty((), dtype=torch.int64).random_()` draws it), so `manualSeed`
 * makes shuffling reproducible, the same as PyTorch's, and each epoch still
 * differs.
 */
export function samplerGenerator(generator: Generator | undefined): Generator {
  return generator ?? new Generator(defaultGenerator.seedFromStream());
}
