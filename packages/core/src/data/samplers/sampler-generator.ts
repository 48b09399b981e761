import { defaultGenerator, Generator } from "../../random/generator.js";

/**
 * The generator a random sampler draws from for one pass. With none given,
 * PyTorch seeds a fresh generator from the global one, so `manualSeed` makes
 * shuffling reproducible and each epoch still differs.
 */
export function samplerGenerator(generator: Generator | undefined): Generator {
  return generator ?? new Generator(defaultGenerator.nextUint32());
}
