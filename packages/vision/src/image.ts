/**
 * A decoded 8-bit image with interleaved channels (height x width x channels,
 * row-major): the role PIL's `Image` plays for torchvision. Transforms accept
 * it as well as tensors; `ToTensor` / `PILToTensor` turn it into a CHW tensor.
 */
export interface ImageLike {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  /** 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA). */
  readonly channels: number;
}

export class Image implements ImageLike {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;

  constructor({ data, height, width, channels }: ImageLike) {
    if (![height, width, channels].every((n) => Number.isInteger(n) && n > 0)) {
      throw new RangeError(`Image: height, width and channels must be positive integers (got ${height}x${width}x${channels})`);
    }
    if (data.length !== height * width * channels) {
      throw new RangeError(`Image: ${height}x${width}x${channels} needs ${height * width * channels} bytes, got ${data.length}`);
    }
    this.data = data;
    this.height = height;
    this.width = width;
    this.channels = channels;
  }

  /** PIL's `mode`. */
  get mode(): "L" | "LA" | "RGB" | "RGBA" {
    return (["L", "LA", "RGB", "RGBA"] as const)[this.channels - 1]!;
  }

  /** PIL's `size`: [width, height]. */
  get size(): [number, number] {
    return [this.width, this.height];
  }
}

export function isImage(x: unknown): x is ImageLike {
  if (typeof x !== "object" || x === null) return false;
  const i = x as Partial<ImageLike>;
  return i.data instanceof Uint8Array && typeof i.height === "number" && typeof i.width === "number" && typeof i.channels === "number";
}
