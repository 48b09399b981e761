import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatasetFileError } from "./dataset-file-error.js";
import { sharedBytes } from "./shared-bytes.js";

/** The layout of one CIFAR binary archive. */
export interface CifarLayout {
  /** Class name used in messages ("CIFAR10"). */
  name: string;
  url: string;
  filename: string;
  md5: string;
  /** Folder the archive extracts to. */
  folder: string;
  trainFiles: readonly string[];
  testFiles: readonly string[];
  /** Records per file, by file name. */
  records: Readonly<Record<string, number>>;
  /** Label bytes before the pixels: 1 (CIFAR-10) or 2 (CIFAR-100: coarse, fine). */
  labelBytes: 1 | 2;
  /** Class counts for each label byte, to reject corrupt records. */
  labelLimits: readonly number[];
}

/** Pixels (N x 32 x 32 x 3, HWC, in shared memory) and the label bytes of each record. */
export interface CifarArrays {
  data: Uint8Array;
  /** One array per label byte (CIFAR-100: [coarse, fine]). */
  labels: Uint8Array[];
}

const PIXELS = 32 * 32 * 3;

export function recordSize(layout: CifarLayout): number {
  return layout.labelBytes + PIXELS;
}

export function expectedSize(layout: CifarLayout, file: string): number {
  return layout.records[file]! * recordSize(layout);
}

/** The files among `files` that are missing from `dir` or have the wrong size. */
export function badFiles(layout: CifarLayout, dir: string, files: readonly string[]): string[] {
  return files.filter((f) => {
    try {
      return statSync(join(dir, f)).size !== expectedSize(layout, f);
    } catch {
      return true;
    }
  });
}

/**
 * Reads binary batch files into HWC pixels. Each record is its label
 * byte(s) then 1024 red, 1024 green and 1024 blue bytes (row-major planes).
 */
export function readCifar(layout: CifarLayout, dir: string, files: readonly string[]): CifarArrays {
  const total = files.reduce((n, f) => n + layout.records[f]!, 0);
  const data = sharedBytes(total * PIXELS);
  const labels = layout.labelLimits.map(() => sharedBytes(total));
  const size = recordSize(layout);
  let n = 0;
  for (const f of files) {
    const path = join(dir, f);
    const bytes = readRecords(layout, path, f);
    for (let r = 0; r < layout.records[f]!; r++, n++) {
      const rec = r * size;
      layout.labelLimits.forEach((limit, k) => {
        const label = bytes[rec + k]!;
        if (label >= limit) throw new DatasetFileError(path, `${layout.name}: ${path} is corrupt (record ${r} has label ${label}, expected below ${limit}); delete it and download again`);
        labels[k]![n] = label;
      });
      toHwc(bytes, rec + layout.labelBytes, data, n * PIXELS);
    }
  }
  return { data, labels };
}

/** The whole batch file, after checking that it holds exactly its records. */
function readRecords(layout: CifarLayout, path: string, file: string): Uint8Array {
  const bytes = readFileSync(path);
  const want = expectedSize(layout, file);
  if (bytes.length !== want) {
    throw new DatasetFileError(
      path,
      `${layout.name}: ${path} is truncated or corrupt (${bytes.length} bytes, expected ${want}: ${layout.records[file]} records of ${recordSize(layout)} bytes); ` +
        "delete it and download again",
    );
  }
  return bytes;
}

/** Planar RGB (3 x 1024) to interleaved HWC. */
function toHwc(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  for (let p = 0; p < 1024; p++) {
    dst[to + p * 3] = src[from + p]!;
    dst[to + p * 3 + 1] = src[from + 1024 + p]!;
    dst[to + p * 3 + 2] = src[from + 2048 + p]!;
  }
}
