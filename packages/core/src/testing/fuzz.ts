/**
 * A small seeded mutation fuzzer for file parsers: it damages valid inputs
 * (bit flips, boundary bytes, huge length fields, truncation, splices,
 * appended junk) and checks that the parser either returns or throws one of
 * the expected error classes. Anything else (a TypeError or RangeError from
 * inside the parser, a thrown non-Error) is reported with the seed and the
 * iteration, so the failing input can be rebuilt. The same seed always makes
 * the same inputs.
 */

export interface FuzzOptions {
  /** Valid inputs to start from. */
  corpus: readonly Uint8Array[];
  /** Parses one input; may return anything, or throw. */
  parse: (bytes: Uint8Array) => unknown;
  /** Whether a thrown value is an acceptable, typed error. */
  expected: (error: unknown) => boolean;
  /** How many inputs to try. */
  iterations: number;
  seed?: number;
}

export interface FuzzReport {
  /** Inputs that parsed without error, and inputs rejected with an expected error. */
  accepted: number;
  rejected: number;
}

/** A failure: what was thrown, for which iteration, and the input itself. */
export class FuzzFailure extends Error {
  override name = "FuzzFailure";
  constructor(
    message: string,
    readonly input: Uint8Array,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Runs the fuzzer; throws a FuzzFailure at the first unexpected outcome. */
export function fuzz(options: FuzzOptions): FuzzReport {
  if (options.corpus.length === 0) throw new RangeError("fuzz: the corpus is empty");
  const seed = options.seed ?? 1;
  const rand = mulberry32(seed);
  const report: FuzzReport = { accepted: 0, rejected: 0 };
  for (let i = 0; i < options.iterations; i++) {
    const base = options.corpus[Math.floor(rand() * options.corpus.length)]!;
    const input = mutate(base, options.corpus, rand);
    try {
      options.parse(input);
      report.accepted++;
    } catch (error) {
      if (!options.expected(error)) {
        const what = error instanceof Error ? `${error.name}: ${error.message}` : `a non-Error value (${typeof error}: ${String(error)})`;
        throw new FuzzFailure(`fuzz (seed ${seed}, iteration ${i}, ${input.length} bytes): unexpected ${what}`, input, { cause: error });
      }
      report.rejected++;
    }
  }
  return report;
}

/** One to four random damages to a copy of `base`. */
export function mutate(base: Uint8Array, corpus: readonly Uint8Array[], rand: () => number): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(base);
  const steps = 1 + Math.floor(rand() * 4);
  for (let s = 0; s < steps; s++) bytes = damage(bytes, corpus, rand);
  return bytes;
}

const BOUNDARY = [0, 1, 0x7f, 0x80, 0xfe, 0xff];

function damage(bytes: Uint8Array, corpus: readonly Uint8Array[], rand: () => number): Uint8Array {
  const at = (n: number) => Math.floor(rand() * Math.max(1, n));
  const pos = at(bytes.length);
  switch (at(8)) {
    case 0: // flip a bit
      if (bytes.length) bytes[pos] = bytes[pos]! ^ (1 << at(8));
      return bytes;
    case 1: // a boundary byte
      if (bytes.length) bytes[pos] = BOUNDARY[at(BOUNDARY.length)]!;
      return bytes;
    case 2: {
      // a huge or boundary 32-bit value, either byte order: length and size fields
      const values = [0xffffffff, 0x7fffffff, 0x80000000, 0, bytes.length, bytes.length + 1];
      const v = values[at(values.length)]!;
      const out = Uint8Array.from(bytes);
      for (let k = 0; k < 4 && pos + k < out.length; k++) out[pos + k] = rand() < 0.5 ? (v >>> (8 * k)) & 255 : (v >>> (24 - 8 * k)) & 255;
      return out;
    }
    case 3: // truncate
      return bytes.subarray(0, pos);
    case 4: {
      // remove a span
      const end = Math.min(bytes.length, pos + 1 + at(64));
      return concat(bytes.subarray(0, pos), bytes.subarray(end));
    }
    case 5: {
      // duplicate a span
      const end = Math.min(bytes.length, pos + 1 + at(64));
      return concat(bytes.subarray(0, end), bytes.subarray(pos, end), bytes.subarray(end));
    }
    case 6: {
      // splice in a piece of another input
      const other = corpus.length ? corpus[at(corpus.length)]! : bytes;
      const from = at(other.length);
      return concat(bytes.subarray(0, pos), other.subarray(from, from + 1 + at(256)), bytes.subarray(pos));
    }
    default: {
      // random bytes
      const junk = Uint8Array.from({ length: 1 + at(32) }, () => at(256));
      return rand() < 0.5 ? concat(bytes, junk) : concat(bytes.subarray(0, pos), junk, bytes.subarray(pos + junk.length));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A tiny seeded generator (mulberry32): fuzzing must not disturb torch's global generator. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
