import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "@taimatsu/vision/io";
import { md5File } from "./download/checksum.js";

/**
 * What was verified about an extracted dataset, kept beside its files so that
 * the next start can trust them without hashing again: the archive's MD5 that
 * was checked, and each extracted file's size, modification time and MD5.
 * A file whose size and time still match is taken as verified; one whose time
 * changed is hashed and compared; anything else means extract again.
 */
export const STAMP_NAME = ".taimatsu-verified.json";

interface Stamp {
  archiveMd5: string | null;
  files: Record<string, { size: number; mtimeMs: number; md5: string }>;
}

/** Whether `files` under `folder` are the ones extracted from an archive whose MD5 `archiveMd5` was checked. */
export async function stampHolds(folder: string, files: readonly string[], archiveMd5: string | null): Promise<boolean> {
  const stamp = readStamp(folder);
  if (!stamp || stamp.archiveMd5 !== archiveMd5) return false;
  let refreshed = false;
  for (const f of files) {
    const want = stamp.files[f];
    const st = statOf(join(folder, f));
    if (!want || !st || st.size !== want.size) return false;
    if (st.mtimeMs === want.mtimeMs) continue;
    // touched, copied or restored: the contents decide
    if ((await md5File(join(folder, f))) !== want.md5) return false;
    want.mtimeMs = st.mtimeMs;
    refreshed = true;
  }
  if (refreshed) writeStampFile(folder, stamp);
  return true;
}

/** Hashes the extracted files and records them as verified against `archiveMd5`. */
export async function writeStamp(folder: string, files: readonly string[], archiveMd5: string | null): Promise<void> {
  const stamp: Stamp = { archiveMd5, files: {} };
  for (const f of files) {
    const path = join(folder, f);
    const md5 = await md5File(path);
    const st = statSync(path);
    stamp.files[f] = { size: st.size, mtimeMs: st.mtimeMs, md5 };
  }
  writeStampFile(folder, stamp);
}

function writeStampFile(folder: string, stamp: Stamp): void {
  try {
    writeFileAtomic(join(folder, STAMP_NAME), new TextEncoder().encode(`${JSON.stringify(stamp, null, 1)}\n`));
  } catch {
    // a read-only copy of the data stays usable; it is verified again next time
  }
}

function readStamp(folder: string): Stamp | null {
  try {
    const stamp = JSON.parse(readFileSync(join(folder, STAMP_NAME), "utf8")) as Partial<Stamp>;
    if (typeof stamp !== "object" || stamp === null || typeof stamp.files !== "object" || stamp.files === null) return null;
    return { archiveMd5: stamp.archiveMd5 ?? null, files: stamp.files };
  } catch {
    return null;
  }
}

function statOf(path: string): { size: number; mtimeMs: number } | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
