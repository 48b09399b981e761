import type * as torch from "@taimatsu/core";
import { pilToTensor } from "../functional/to-tensor.js";
import type { Image, ImageLike } from "../image.js";
import { decodeImageData } from "./decode-image.js";
import { encodePng, type EncodePngOptions } from "./png-encode.js";
import { nodeBuiltin, type NodeFs } from "./node-builtin.js";
import type { ImageReadMode } from "./read-mode.js";

const IN_A_BROWSER = "in a browser decode bytes or a Blob with decodeImageAsync, or a drawn image with fromImageBitmap";

function fs(op: string): NodeFs {
  return nodeBuiltin<NodeFs>("node:fs", op, IN_A_BROWSER);
}

/** torchvision's `read_file`: a file's bytes. */
export function readFile(path: string): Uint8Array {
  return new Uint8Array(fs("readFile").readFileSync(path));
}

/**
 * Writes through a temporary name and renames, so a crash never leaves a
 * half-written file under the final name.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const { writeFileSync, renameSync, rmSync } = fs("writeFileAtomic");
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** An image file (PNG or JPEG) as an Image: PIL's `Image.open(path).convert(mode)`. */
export function loadImage(path: string, options: { mode?: ImageReadMode } = {}): Image {
  try {
    return decodeImageData(readFile(path), options, path);
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.includes(path) ? msg : `${msg} (file ${path})`, { cause: e });
  }
}

/** torchvision's `read_image`: a PNG or JPEG file to a uint8 CHW tensor. */
export function readImage(path: string, options: { mode?: ImageReadMode } = {}): torch.Tensor {
  return pilToTensor(loadImage(path, options));
}

/** torchvision's `write_png`: a uint8 CHW tensor (or an Image) to a PNG file. */
export function writePng(input: torch.Tensor | ImageLike, path: string, options: EncodePngOptions = {}): void {
  writeFileAtomic(path, encodePng(input, options));
}
