/**
 * Fetching one weights file into the cache with the download machinery of
 * @taimatsu/datasets (retries of transient HTTP errors, progress bar, a
 * temporary file renamed into place only once it checks out). Mirrors come
 * from `TAIMATSU_HUB_MIRROR`: base URLs (http://, https://, file://, or a
 * directory path; several separated by commas) tried before the published
 * URL, each asked for the cached file's name.
 */
import { basename, dirname } from "node:path";
import { ChecksumError, downloadUrl } from "@taimatsu/datasets/download";
import { HashMismatchError } from "./hash-mismatch-error.js";

export const HUB_MIRROR_ENV = "TAIMATSU_HUB_MIRROR";

export interface DownloadWeightsOptions {
  /** Expected sha256, full or a prefix; undefined: not checked. */
  expected: string | undefined;
  progress: boolean;
}

/** Downloads `url` to `path`; a file that fails the hash check never reaches `path`. */
export async function downloadWeightsFile(url: string, path: string, options: DownloadWeightsOptions): Promise<void> {
  try {
    await downloadUrl(url, {
      root: dirname(path),
      filename: basename(path),
      md5: null,
      sha256: options.expected ?? null,
      mirrorEnv: HUB_MIRROR_ENV,
      progress: options.progress,
    });
  } catch (error) {
    const mismatch = findChecksumError(error);
    if (mismatch) throw new HashMismatchError(mismatch.url ?? url, path, options.expected ?? mismatch.error.expected, mismatch.error.actual);
    throw error;
  }
}

/** The download module reports a bad hash inside the error of the source that served it. */
function findChecksumError(error: unknown): { url?: string; error: ChecksumError } | undefined {
  const attempts = (error as { attempts?: readonly { url: string; error: unknown }[] }).attempts ?? [];
  for (const attempt of attempts) {
    const found = causes(attempt.error).find((e) => e instanceof ChecksumError);
    if (found) return { url: attempt.url, error: found as ChecksumError };
  }
  const found = causes(error).find((e) => e instanceof ChecksumError);
  return found ? { error: found as ChecksumError } : undefined;
}

/** `error`, its cause, the cause's cause… (bounded: causes may form a cycle). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}
