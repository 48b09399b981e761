import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** MD5 of a file, read as a stream (archives are large). */
export async function md5File(path: string): Promise<string> {
  return hashFile(path, "md5");
}

/** SHA-256 of a file, as model weights are published with. */
export async function sha256File(path: string): Promise<string> {
  return hashFile(path, "sha256");
}

async function hashFile(path: string, algorithm: "md5" | "sha256"): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The error for a file whose MD5 (or SHA-256) is not the expected one; names both. */
export class ChecksumError extends Error {
  override name = "ChecksumError";
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    detail: string,
    readonly algorithm: "MD5" | "SHA-256" = "MD5",
  ) {
    super(`${file}: ${algorithm} mismatch (expected ${expected}, actual ${actual}). ${detail}`);
  }
}
