/**
 * PNG's row filters 0-4 (None, Sub, Up, Average, Paeth): the prediction of a
 * byte from its left (a), upper (b) and upper-left (c) neighbours, which the
 * encoder subtracts and the decoder adds back.
 */
export function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0: return 0;
    case 1: return a;
    case 2: return b;
    case 3: return (a + b) >> 1;
    default: return paeth(a, b, c);
  }
}

/** Whichever neighbour is closest to a + b - c (ties: a, then b). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
