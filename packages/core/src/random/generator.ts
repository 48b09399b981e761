import { MT19937 } from "./mt19937.js";

/**
 * A seedable generator with PyTorch's CPU streams: a Mersenne Twister seeded
 * as PyTorch seeds it, read through the same conversions (`random` draws one
 * 32-bit word, `random64` two, high word first), so `torch.manualSeed(s)`
 * followed by the same calls gives PyTorch's numbers. The distributions built
 * on it live in `distributions.ts`.
 */
export class Generator {
  private engine = new MT19937();
  private seedValue = 0n;
  /** The second value of the last Box-Muller pair, kept for the next normal draw (as PyTorch keeps it). */
  private nextNormal: number | null = null;

  /** A generator seeded with `seed` (PyTorch's default for a new `torch.Generator()` is 67280421310721). */
  constructor(seed: number | bigint = 67280421310721n) {
    this.manualSeed(seed);
  }

  /** Seeds the generator; the engine takes the low 32 bits, `initialSeed()` reports the whole (unsigned 64-bit) value. */
  manualSeed(seed: number | bigint): this {
    if (typeof seed === "number" && !Number.isInteger(seed)) throw new TypeError(`manualSeed: the seed must be an integer, got ${seed}`);
    this.seedValue = BigInt.asUintN(64, BigInt(seed));
    this.engine.seed(Number(this.seedValue & 0xffffffffn));
    this.nextNormal = null;
    return this;
  }

  /** The seed, as a number when it is exactly representable, else as a bigint. */
  initialSeed(): number {
    return Number(this.seedValue);
  }

  /** PyTorch's `random()`: one 32-bit word. */
  nextUint32(): number {
    return this.engine.next();
  }

  /** PyTorch's `random64()` as [high word, low word]. */
  nextUint64Parts(): [number, number] {
    const hi = this.engine.next();
    return [hi, this.engine.next()];
  }

  /** PyTorch's `random64()` as a bigint. */
  nextUint64(): bigint {
    const [hi, lo] = this.nextUint64Parts();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Uniform double in [0, 1) from the low 53 bits of `random64()` (PyTorch's uniform for float64). */
  random(): number {
    const [hi, lo] = this.nextUint64Parts();
    return ((hi & 0x1fffff) * 4294967296 + lo) / 9007199254740992;
  }

  /** Uniform float in [0, 1) from the low 24 bits of `random()` (PyTorch's uniform for float32). */
  randomFloat(): number {
    return (this.engine.next() & 0xffffff) / 16777216;
  }

  /**
   * Standard normal, as PyTorch's scalar `normal_distribution<double>`: Box-Muller
   * on two doubles, the cosine branch returned and the sine branch kept for
   * the next call.
   */
  normal(): number {
    if (this.nextNormal !== null) {
      const v = this.nextNormal;
      this.nextNormal = null;
      return v;
    }
    const u1 = this.random();
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Uniform integer in [low, high): PyTorch's `random_(from, to)` (modulo the range, 64-bit words for ranges of 2^32 or more). */
  integer(low: number, high: number): number {
    const range = high - low;
    if (range < 4294967296) return low + (this.engine.next() % range);
    return low + Number(this.nextUint64() % BigInt(range));
  }

  /** A fresh seed drawn as PyTorch's `torch.empty((), dtype=torch.int64).random_()` draws it. */
  seedFromStream(): bigint {
    return this.nextUint64() % (1n << 63n);
  }

  /** The whole state: the engine's words and position, the seed and a kept normal value. */
  getState(): Uint32Array {
    const out = new Uint32Array(624 + 6);
    out.set(this.engine.state);
    const extra = new Float64Array(1);
    extra[0] = this.nextNormal ?? 0;
    const bits = new Uint32Array(extra.buffer);
    out.set([this.engine.index, Number(this.seedValue & 0xffffffffn), Number(this.seedValue >> 32n), this.nextNormal === null ? 0 : 1, bits[0]!, bits[1]!], 624);
    return out;
  }

  setState(state: Uint32Array): void {
    if (state.length !== 630) throw new TypeError(`Generator.setState: expected the 630 words getState() returns, got ${state.length}`);
    this.engine.state.set(state.subarray(0, 624));
    this.engine.index = state[624]!;
    this.seedValue = BigInt(state[625]!) | (BigInt(state[626]!) << 32n);
    this.nextNormal = state[627] ? new Float64Array(Uint32Array.from([state[628]!, state[629]!]).buffer)[0]! : null;
  }
}

export const defaultGenerator = new Generator(0x5eed);

export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

export function seed(): number {
  const s = (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) >>> 0;
  defaultGenerator.manualSeed(s);
  return s;
}

export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}
