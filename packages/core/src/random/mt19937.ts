/**
 * The 32-bit Mersenne Twister (MT19937), the engine behind PyTorch's CPU
 * generator: seeded from the low 32 bits of the seed with the reference
 * initialisation, so a seed gives PyTorch's stream of 32-bit words.
 */

const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export class MT19937 {
  readonly state = new Uint32Array(N);
  index = N;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  seed(seed: number): void {
    const s = this.state;
    s[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1]! ^ (s[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32 (split to stay exact in doubles)
      s[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  /** Regenerates the whole state block (the "twist"). */
  private twist(): void {
    const s = this.state;
    // three runs without the modulo of the wrap-around: i + M < N, then i + M wrapped, then the last word
    let i = 0;
    for (; i < N - M; i++) {
      const y = (s[i]! & UPPER) | (s[i + 1]! & LOWER);
      s[i] = s[i + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      const y = (s[i]! & UPPER) | (s[i + 1]! & LOWER);
      s[i] = s[i + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (s[N - 1]! & UPPER) | (s[0]! & LOWER);
    s[N - 1] = s[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.index = 0;
  }

  /** The next 32-bit word, as an unsigned number. */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
