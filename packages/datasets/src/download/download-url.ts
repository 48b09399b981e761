import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { ChecksumError, md5File, sha256File } from "./checksum.js";
import { AttemptError, DownloadError } from "./download-error.js";
import { MIRROR_ENV, MIRROR_ONLY_ENV, candidateUrls } from "./mirrors.js";
import { openFileUrl } from "./open-file-url.js";
import { openHttp, type HttpOptions } from "./open-http.js";
import { Progress, type ProgressOptions } from "./progress.js";
import { withRetries, type RetryOptions } from "./retry.js";
import { saveStream } from "./save-stream.js";
import { removeStaleParts } from "./stale-parts.js";

export interface DownloadOptions extends ProgressOptions, RetryOptions, HttpOptions {
  /** Folder to save into (created if missing). */
  root: string;
  /** File name under `root`; default the URL's last path segment. */
  filename?: string;
  /** Expected MD5 (hex). null skips the check. */
  md5?: string | null;
  /** Expected SHA-256 (hex), checked like `md5`; a prefix of it is enough (model file names carry one). */
  sha256?: string | null;
  /** Mirror base URLs tried first (the file name is appended); see also TAIMATSU_DATASETS_MIRROR. */
  mirror?: string | readonly string[];
  /** The environment variable naming further mirrors (default TAIMATSU_DATASETS_MIRROR; model weights use their own); null: none. */
  mirrorEnv?: string | null;
  /**
   * Only the mirrors, never the official URLs (also TAIMATSU_DATASETS_MIRROR_ONLY=1):
   * for machines without internet access, so a miss fails at once.
   */
  mirrorOnly?: boolean;
}

/**
 * Downloads a file once: skipped when it is already there and its MD5
 * matches; otherwise fetched from the mirrors, then the official URLs, into a
 * temporary name, verified, and only then renamed into place, so an
 * interrupted or corrupted download never passes as good. Returns the path.
 */
export async function downloadUrl(url: string | readonly string[], options: DownloadOptions): Promise<string> {
  const urls = typeof url === "string" ? [url] : [...url];
  if (urls.length === 0) throw new RangeError("downloadUrl: no URL given");
  const filename = options.filename ?? basename(new URL(urls[0]!).pathname);
  const dest = join(options.root, filename);
  const md5 = options.md5 ?? null;
  await mkdir(options.root, { recursive: true });
  removeStaleParts(options.root, filename);
  if (await alreadyThere(dest, md5, options)) return dest;
  const attempts: { url: string; error: Error }[] = [];
  const candidates = candidateUrls(urls, filename, options.mirror, options.mirrorEnv, mirrorOnly(options));
  if (candidates.length === 0) throw new DownloadError(`Could not download ${filename}: mirror-only mode, but no mirror is set; set ${options.mirrorEnv ?? MIRROR_ENV} or pass the mirror option`, []);
  for (const candidate of candidates) {
    try {
      await fetchOnce(candidate, dest, md5, options);
      return dest;
    } catch (e) {
      attempts.push({ url: candidate, error: e as Error });
    }
  }
  throw failure(filename, dest, attempts, options.mirrorEnv === undefined || options.mirrorEnv === null ? MIRROR_ENV : options.mirrorEnv);
}

function mirrorOnly(options: DownloadOptions): boolean {
  return options.mirrorOnly ?? ["1", "true", "yes"].includes((process.env[MIRROR_ONLY_ENV] ?? "").toLowerCase());
}

async function alreadyThere(dest: string, md5: string | null, options: DownloadOptions): Promise<boolean> {
  if (!existsSync(dest)) return false;
  const log = new Progress(dest, null, options);
  if (md5 === null && (options.sha256 === undefined || options.sha256 === null)) {
    log.note(`Using downloaded file: ${dest}`);
    return true;
  }
  const actual = md5 === null ? null : await md5File(dest);
  const sha256 = actual === md5 ? await sha256Mismatch(dest, options) : undefined;
  if (actual === md5 && sha256 === undefined) {
    log.note(`Using downloaded and verified file: ${dest}`);
    return true;
  }
  // kept until a verified download replaces it, so a failed download loses nothing
  log.note(actual !== md5 ? `${dest} has MD5 ${actual}, expected ${md5}: downloading it again` : `${dest} has SHA-256 ${sha256}, expected ${options.sha256}: downloading it again`);
  return false;
}

function open(url: string, options: HttpOptions) {
  if (url.startsWith("file:")) return openFileUrl(url);
  if (/^https?:/i.test(url)) return openHttp(url, options);
  throw new AttemptError(`unsupported URL scheme in ${url}; use http://, https:// or file://`, "permanent");
}

async function fetchOnce(url: string, dest: string, md5: string | null, options: DownloadOptions): Promise<void> {
  const name = basename(dest);
  const notes = new Progress(name, null, options);
  await withRetries(
    async () => {
      const temp = `${dest}.part-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      try {
        const source = await open(url, options);
        notes.note(`Downloading ${url} to ${dest}`);
        const { md5: actual } = await saveStream(source, temp, new Progress(name, source.total, options));
        if (md5 !== null && actual !== md5) {
          throw new ChecksumError(name, md5, actual, `The download from ${url} was removed. If this file is the one you want, pass md5: "${actual}" (or md5: null to skip the check).`);
        }
        const sha256 = await sha256Mismatch(temp, options);
        if (sha256 !== undefined) {
          throw new ChecksumError(name, options.sha256!, sha256, `The download from ${url} was removed. If this file is the one you want, pass sha256: "${sha256}" (or sha256: null to skip the check).`, "SHA-256");
        }
        await rename(temp, dest);
      } finally {
        await rm(temp, { force: true });
      }
    },
    options,
    (error, waitMs, next) => notes.note(`${url}: ${error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${next} of ${(options.retries ?? 3) + 1})`),
  );
}

/** The file's SHA-256 when `options.sha256` is set and the file does not match it, else undefined. */
async function sha256Mismatch(path: string, options: DownloadOptions): Promise<string | undefined> {
  if (options.sha256 === undefined || options.sha256 === null) return undefined;
  const actual = await sha256File(path);
  return actual.startsWith(options.sha256.toLowerCase()) ? undefined : actual;
}

function failure(filename: string, dest: string, attempts: { url: string; error: Error }[], mirrorEnv: string): Error {
  if (attempts.every((a) => a.error instanceof ChecksumError)) return attempts[attempts.length - 1]!.error;
  const lines = attempts.map((a) => `  ${a.url}: ${a.error.message}`);
  const offline = attempts.some((a) => a.error instanceof AttemptError && a.error.kind === "unreachable");
  const mirrorsSet = (process.env[mirrorEnv] ?? "").trim();
  // a variable already set was tried above: say so rather than ask to set it
  const hint = mirrorsSet
    ? `The mirrors in ${mirrorEnv} (${mirrorsSet}) were tried first (above): check that one serves ${filename} ` +
      `(the file name is appended to each base URL), or pass the mirror option, or put the file at ${dest} yourself.`
    : offline
    ? `The host could not be reached; if this machine is offline, use a mirror: set ${mirrorEnv} to a base URL that serves ${filename} ` +
      `(http://, https:// or file://; the file name is appended), or pass the mirror option, or put the file at ${dest} yourself.`
    : `Check the URL, or use a mirror: set ${mirrorEnv} (http://, https:// or file:// base URL) or pass the mirror option, or put the file at ${dest} yourself.`;
  return new DownloadError(`Could not download ${filename}:\n${lines.join("\n")}\n${hint}`, attempts);
}
