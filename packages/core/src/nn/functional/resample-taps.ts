/**
 * The taps of 1-D resampling along one axis, as PyTorch's upsample kernels
 * compute them: for every output position, the input positions it reads and
 * their weights. Multi-dimensional interpolation applies these axis by axis
 * (bilinear, bicubic and trilinear weights are products of 1-D weights).
 */

export type ResampleMode = "nearest" | "nearest-exact" | "linear" | "cubic";

export interface Taps {
  /** taps[k][o]: the input position of tap k for output o. */
  positions: number[][];
  /** weights[k][o]; absent for the nearest modes (one tap, weight 1). */
  weights: number[][] | null;
}

/** PyTorch's scale from output to input coordinates: 1/scaleFactor when one was given, else in/out. */
function sourceScale(inSize: number, outSize: number, alignCorners: boolean, scaleFactor: number | null): number {
  if (alignCorners) return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return scaleFactor !== null && scaleFactor > 0 ? 1 / scaleFactor : inSize / outSize;
}

/** The input coordinate of output `o`; linear modes clamp negatives to 0, cubic does not. */
function sourceCoordinate(scale: number, o: number, alignCorners: boolean, cubic: boolean): number {
  if (alignCorners) return scale * o;
  const src = scale * (o + 0.5) - 0.5;
  return !cubic && src < 0 ? 0 : src;
}

/** Nearest neighbour: PyTorch computes the scale and the product in float32. */
function nearestTaps(inSize: number, outSize: number, exact: boolean, scaleFactor: number | null): Taps {
  const scale = Math.fround(scaleFactor !== null && scaleFactor > 0 ? 1 / scaleFactor : inSize / outSize);
  const positions = Array.from({ length: outSize }, (_, o) => {
    if (outSize === inSize) return o;
    if (!exact && outSize === 2 * inSize) return o >> 1;
    const src = Math.floor(Math.fround((exact ? o + 0.5 : o) * scale));
    return Math.min(src, inSize - 1);
  });
  return { positions: [positions], weights: null };
}

function linearTaps(inSize: number, outSize: number, alignCorners: boolean, scaleFactor: number | null): Taps {
  const scale = sourceScale(inSize, outSize, alignCorners, scaleFactor);
  const lo: number[] = [], hi: number[] = [], wLo: number[] = [], wHi: number[] = [];
  for (let o = 0; o < outSize; o++) {
    const src = outSize === inSize ? o : sourceCoordinate(scale, o, alignCorners, false);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const lambda = Math.min(Math.max(src - i0, 0), 1);
    lo.push(i0);
    hi.push(i0 < inSize - 1 ? i0 + 1 : i0);
    wLo.push(1 - lambda);
    wHi.push(lambda);
  }
  return { positions: [lo, hi], weights: [wLo, wHi] };
}

/** Keys' cubic convolution with a = -0.75 (PyTorch's choice), for taps at offsets -1, 0, 1, 2. */
export function cubicWeights(t: number): [number, number, number, number] {
  const A = -0.75;
  const near = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1;
  const far = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

function cubicTaps(inSize: number, outSize: number, alignCorners: boolean, scaleFactor: number | null): Taps {
  const scale = sourceScale(inSize, outSize, alignCorners, scaleFactor);
  const positions: number[][] = [[], [], [], []];
  const weights: number[][] = [[], [], [], []];
  const clampIndex = (i: number) => Math.min(Math.max(i, 0), inSize - 1);
  for (let o = 0; o < outSize; o++) {
    const src = sourceCoordinate(scale, o, alignCorners, true);
    const i = Math.floor(src);
    const w = cubicWeights(src - i);
    for (let k = 0; k < 4; k++) {
      // reads beyond the edge repeat the edge value, as PyTorch's bounded access does
      positions[k]!.push(clampIndex(i - 1 + k));
      weights[k]!.push(w[k]!);
    }
  }
  return { positions, weights };
}

export function resampleTaps(mode: ResampleMode, inSize: number, outSize: number, alignCorners: boolean, scaleFactor: number | null): Taps {
  switch (mode) {
    case "nearest":
      return nearestTaps(inSize, outSize, false, scaleFactor);
    case "nearest-exact":
      return nearestTaps(inSize, outSize, true, scaleFactor);
    case "linear":
      return linearTaps(inSize, outSize, alignCorners, scaleFactor);
    case "cubic":
      return cubicTaps(inSize, outSize, alignCorners, scaleFactor);
  }
}
