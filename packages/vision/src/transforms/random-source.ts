import * as torch from "@taimatsu/core";

/**
 * Options shared by random transforms. Without a generator they draw from
 * the global one, which `torch.manualSeed` seeds and each DataLoader worker
 * reseeds (base seed + worker id). A generator given here is not sent to
 * workers: there, the worker's global generator is used, so that workers do
 * not all repeat the same random stream.
 */
export interface RandomOptions {
  generator?: torch.Generator;
}

export function generatorOf(options: RandomOptions): torch.Generator {
  return options.generator ?? torch.defaultGenerator;
}

/** `torch.empty(1).uniform_(low, high).item()`. */
export function uniform(g: torch.Generator, low: number, high: number): number {
  return low + (high - low) * g.random();
}

/** Options without the generator, for rebuilding in a worker. */
export function withoutGenerator<T extends RandomOptions>(options: T): Omit<T, "generator"> {
  const { generator: _generator, ...rest } = options;
  return rest;
}
