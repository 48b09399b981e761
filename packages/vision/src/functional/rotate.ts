import { applyRaster, blankLike, imageCount, isFloatDType, strides, type ImageInput, type Raster } from "../raster.js";
import { checkInterpolation, type InterpolationMode } from "./interpolation.js";
import { roundHalfEven } from "./round-half-even.js";

export interface RotateOptions {
  interpolation?: InterpolationMode;
  /** Grow the output to hold the whole rotated image (rotation about the centre). */
  expand?: boolean;
  /** Centre of rotation [x, y] in pixels from the top-left corner; default the image centre. */
  center?: readonly [number, number];
  /**
   * Value for pixels that come from outside the input (one, or one per
   * channel). Left out, those pixels are 0 and bilinear edges fade to 0;
   * given, they blend towards the fill, as torchvision does.
   */
  fill?: number | readonly number[];
}

/**
 * torchvision's `rotate`: counter-clockwise by `angle` degrees, by inverse
 * mapping each output pixel into the input (PyTorch's affine grid and
 * `grid_sample` with align_corners=False and zero padding).
 */
export function rotate<I extends ImageInput>(img: I, angle: number, options: RotateOptions = {}): I {
  const mode = checkInterpolation("rotate", options.interpolation ?? "nearest");
  return applyRaster("rotate", img, (r) => {
    const center = options.center ? [options.center[0] - r.w * 0.5, options.center[1] - r.h * 0.5] : [0, 0];
    const m = inverseRotation(center as [number, number], -angle);
    const [ow, oh] = options.expand ? expandedSize(m, r.w, r.h) : [r.w, r.h];
    const fill = options.fill === undefined ? null : typeof options.fill === "number" ? [options.fill] : [...options.fill];
    return sampleAffine(r, m, ow, oh, mode, fill);
  });
}

/** torchvision's `_get_inverse_affine_matrix` for a pure rotation about `center`. */
function inverseRotation([cx, cy]: [number, number], angle: number): number[] {
  const rot = (angle * Math.PI) / 180;
  const [a, b, c, d] = [Math.cos(rot), -Math.sin(rot), Math.sin(rot), Math.cos(rot)];
  const m = [d, -b, 0, -c, a, 0];
  m[2] = m[0]! * -cx + m[1]! * -cy + cx;
  m[5] = m[3]! * -cx + m[4]! * -cy + cy;
  return m;
}

/** Bounding box of the rotated corners, rounded as torchvision does (1e-4 tolerance). */
function expandedSize(m: number[], w: number, h: number): [number, number] {
  const corners = [[-0.5 * w, -0.5 * h], [-0.5 * w, 0.5 * h], [0.5 * w, 0.5 * h], [0.5 * w, -0.5 * h]];
  const xs = corners.map(([x, y]) => m[0]! * x! + m[1]! * y! + m[2]! + w * 0.5);
  const ys = corners.map(([x, y]) => m[3]! * x! + m[4]! * y! + m[5]! + h * 0.5);
  const tol = 1e-4;
  const size = (vs: number[]) => Math.ceil(Math.trunc(Math.max(...vs) / tol) * tol) - Math.floor(Math.trunc(Math.min(...vs) / tol) * tol);
  return [size(xs), size(ys)];
}

/**
 * Per output column/row, the float32 steps of PyTorch's `affine_grid` (theta
 * scaled to [-1, 1], a matrix product) and `grid_sample`'s unnormalisation,
 * so nearest-neighbour picks land on the same pixel even at exact halves.
 */
function sourcePoint(m: number[], bx: number, by: number, w: number, h: number): [number, number] {
  const f = Math.fround;
  const axis = (k: number, size: number) => {
    const half = f(0.5 * size);
    const g = f(f(f(bx * f(f(m[k]!) / half)) + f(by * f(f(m[k + 1]!) / half))) + f(f(m[k + 2]!) / half));
    return f(f(f(f(g + 1) * size) - 1) / 2);
  };
  return [axis(0, w), axis(3, h)];
}

function sampleAffine(r: Raster, m: number[], ow: number, oh: number, mode: InterpolationMode, fill: number[] | null): Raster {
  const out = blankLike(r, oh, ow);
  const s = strides(r);
  const d = strides(out);
  const round = !isFloatDType(r.dtype);
  for (let y = 0; y < oh; y++) {
    const by = y - oh * 0.5 + 0.5;
    for (let x = 0; x < ow; x++) {
      const bx = x - ow * 0.5 + 0.5;
      const [sx, sy] = sourcePoint(m, bx, by, r.w, r.h);
      const taps = mode === "nearest" ? nearestTap(sx, sy, r) : bilinearTaps(sx, sy, r);
      const coverage = taps.reduce((acc, t) => acc + t.w, 0);
      for (let n = 0; n < imageCount(r); n++) {
        for (let ch = 0; ch < r.c; ch++) {
          const base = n * s.plane + ch * s.sc;
          let v = 0;
          for (const t of taps) v += t.w * r.data[base + t.y * s.sy + t.x * s.sx]!;
          if (fill) {
            const f = fill.length === 1 ? fill[0]! : fill[ch]!;
            v = mode === "nearest" ? (coverage < 0.5 ? f : v) : v * coverage + (1 - coverage) * f;
          }
          out.data[n * d.plane + ch * d.sc + y * d.sy + x * d.sx] = round ? roundHalfEven(v) : v;
        }
      }
    }
  }
  return out;
}

interface Tap {
  x: number;
  y: number;
  w: number;
}

function inside(x: number, y: number, r: Raster): boolean {
  return x >= 0 && y >= 0 && x < r.w && y < r.h;
}

function nearestTap(sx: number, sy: number, r: Raster): Tap[] {
  const x = roundHalfEven(sx);
  const y = roundHalfEven(sy);
  return inside(x, y, r) ? [{ x, y, w: 1 }] : [];
}

function bilinearTaps(sx: number, sy: number, r: Raster): Tap[] {
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const taps: Tap[] = [
    { x: x0, y: y0, w: (1 - fx) * (1 - fy) },
    { x: x0 + 1, y: y0, w: fx * (1 - fy) },
    { x: x0, y: y0 + 1, w: (1 - fx) * fy },
    { x: x0 + 1, y: y0 + 1, w: fx * fy },
  ];
  return taps.filter((t) => t.w > 0 && inside(t.x, t.y, r));
}
