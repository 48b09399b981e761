import * as torch from "@taimatsu/core";
import { pilToTensor } from "../functional/to-tensor.js";
import { Image } from "../image.js";
import { concatBytes } from "./concat-bytes.js";
import { crc32 } from "./crc32.js";
import { predict } from "./png-filter.js";
import { convertChannels, type ImageReadMode } from "./read-mode.js";
import { ImageDecodeError } from "./image-decode-error.js";
import { nodeBuiltin, type NodeZlib } from "./node-builtin.js";

/**
 * A PNG decoder: every colour type and bit depth, Adam7 interlacing, palette
 * transparency. 16-bit samples are scaled to 8 bits (round(v / 257)), as
 * images here are 8-bit. Corrupt data (bad CRC, truncation, bad filter) is an
 * error naming what is wrong.
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Decoded sizes above this (2 GiB) are refused before any allocation. */
const MAX_BYTES = 2 ** 31;
const CHANNELS_OF_TYPE: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

interface Chunks {
  header: Header;
  idat: Uint8Array;
  palette: Uint8Array | null;
  transparency: Uint8Array | null;
}

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

function fail(what: string): never {
  throw new ImageDecodeError(`decodePng: ${what}`);
}

function readChunks(bytes: Uint8Array): Chunks {
  if (!isPng(bytes)) fail("not a PNG file (bad signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | null = null;
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length) fail("file is truncated (no IEND chunk)");
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (pos + 12 + length > bytes.length) fail(`file is truncated inside the ${type} chunk`);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== view.getUint32(pos + 8 + length)) fail(`CRC mismatch in the ${type} chunk (corrupt file)`);
    pos += 12 + length;
    if (type === "IHDR") header = parseHeader(data);
    else if (type === "IDAT") idat.push(data);
    else if (type === "PLTE") palette = data;
    else if (type === "tRNS") transparency = data;
    else if (type === "IEND") break;
  }
  if (!header) fail("missing IHDR chunk");
  return { header, idat: concatBytes(idat), palette, transparency };
}

function parseHeader(d: Uint8Array): Header {
  if (d.length !== 13) fail(`IHDR chunk has ${d.length} bytes, expected 13 (corrupt file)`);
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const h: Header = { width: v.getUint32(0), height: v.getUint32(4), bitDepth: d[8]!, colorType: d[9]!, interlace: d[12]! };
  if (!(h.colorType in CHANNELS_OF_TYPE)) fail(`unknown colour type ${h.colorType}`);
  if (![1, 2, 4, 8, 16].includes(h.bitDepth)) fail(`unsupported bit depth ${h.bitDepth}`);
  if (h.width === 0 || h.height === 0) fail("image has zero size");
  return h;
}

/** Adam7 passes: start and step in x and y. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

/** Reverses the per-row filters (None, Sub, Up, Average, Paeth) in place. */
function unfilter(data: Uint8Array, pos: number, rowBytes: number, rows: number, bpp: number): void {
  let prev = -1;
  for (let y = 0; y < rows; y++) {
    const filter = data[pos]!;
    if (filter > 4) fail(`bad filter type ${filter} on row ${y} (corrupt file)`);
    const row = pos + 1;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? data[row + i - bpp]! : 0;
      const b = prev >= 0 ? data[prev + i]! : 0;
      const c = prev >= 0 && i >= bpp ? data[prev + i - bpp]! : 0;
      data[row + i] = (data[row + i]! + predict(filter, a, b, c)) & 0xff;
    }
    prev = row;
    pos = row + rowBytes;
  }
}

/** Sample k of a row, widened to 8 bits (palette indices stay raw). */
function sample(data: Uint8Array, row: number, k: number, depth: number, isPalette: boolean): number {
  if (depth === 8) return data[row + k]!;
  if (depth === 16) return Math.round(((data[row + 2 * k]! << 8) | data[row + 2 * k + 1]!) / 257);
  const perByte = 8 / depth;
  const byte = data[row + Math.floor(k / perByte)]!;
  const shift = 8 - depth * ((k % perByte) + 1);
  const v = (byte >> shift) & ((1 << depth) - 1);
  return isPalette ? v : (v * 255) / ((1 << depth) - 1);
}

function zlib(): NodeZlib {
  return nodeBuiltin<NodeZlib>("node:zlib", "decodePng", "in a browser use decodeImageAsync(bytes), which the browser decodes");
}

function decodePixels(c: Chunks): Image {
  const { width, height, bitDepth, colorType, interlace } = c.header;
  const samples = CHANNELS_OF_TYPE[colorType]!;
  const isPalette = colorType === 3;
  if (isPalette && !c.palette) fail("palette image without a PLTE chunk");
  const outChannels = isPalette ? (c.transparency ? 4 : 3) : samples;
  const passes = interlace ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const rawSize = passes.reduce((n, [x0, y0, dx, dy]) => {
    const [pw, ph] = [Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)];
    return pw <= 0 || ph <= 0 ? n : n + ph * (Math.ceil((pw * samples * bitDepth) / 8) + 1);
  }, 0);
  if (rawSize > MAX_BYTES || width * height * outChannels > MAX_BYTES) fail(`a ${width}x${height} image is too large to decode`);
  let raw: Uint8Array;
  try {
    // never inflate past what the header says the image holds (a small file can inflate to gigabytes)
    raw = new Uint8Array(zlib().inflateSync(c.idat, { maxOutputLength: Math.max(1, rawSize) }));
  } catch (e) {
    fail(`image data does not inflate to its ${rawSize} bytes (corrupt or truncated file): ${(e as Error).message}`);
  }
  const out = new Uint8Array(width * height * outChannels);
  const bpp = Math.max(1, Math.ceil((samples * bitDepth) / 8));
  let pos = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * samples * bitDepth) / 8);
    if (pos + ph * (rowBytes + 1) > raw.length) fail("image data is shorter than the image (truncated file)");
    unfilter(raw, pos, rowBytes, ph, bpp);
    for (let y = 0; y < ph; y++) {
      const row = pos + y * (rowBytes + 1) + 1;
      for (let x = 0; x < pw; x++) {
        const o = ((y0 + y * dy) * width + x0 + x * dx) * outChannels;
        if (isPalette) writePaletteColor(c, sample(raw, row, x, bitDepth, true), out, o, outChannels);
        else for (let s = 0; s < samples; s++) out[o + s] = sample(raw, row, x * samples + s, bitDepth, false);
      }
    }
    pos += ph * (rowBytes + 1);
  }
  return new Image({ data: out, height, width, channels: outChannels });
}

function writePaletteColor(c: Chunks, index: number, out: Uint8Array, o: number, channels: number): void {
  if (index * 3 + 2 >= c.palette!.length) fail(`palette index ${index} is out of range (corrupt file)`);
  out[o] = c.palette![index * 3]!;
  out[o + 1] = c.palette![index * 3 + 1]!;
  out[o + 2] = c.palette![index * 3 + 2]!;
  if (channels === 4) out[o + 3] = index < c.transparency!.length ? c.transparency![index]! : 255;
}

/** PNG bytes to an Image (HWC). */
export function decodePngImage(bytes: Uint8Array, options: { mode?: ImageReadMode } = {}): Image {
  return convertChannels(decodePixels(readChunks(bytes)), options.mode ?? "unchanged");
}

/** torchvision's `decode_png`: PNG bytes to a uint8 CHW tensor. */
export function decodePng(bytes: Uint8Array, options: { mode?: ImageReadMode } = {}): torch.Tensor {
  return pilToTensor(decodePngImage(bytes, options));
}
