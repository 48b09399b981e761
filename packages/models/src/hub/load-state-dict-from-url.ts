/**
 * `torch.hub.load_state_dict_from_url`: download weights once into the cache,
 * check them, load them. The cache is keyed by file name, so a file that is
 * there is used without any network access. A file: URL whose file exists
 * (the weights that ship in this package) is read where it is, with the same
 * hash check; one that does not goes through the mirrors like any other URL.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as torch from "@taimatsu/core";
import { withDownloadLock } from "./download-lock.js";
import { downloadWeightsFile } from "./download-weights-file.js";
import { HashMismatchError, hashMatches } from "./hash-mismatch-error.js";
import { hashPrefixFromFileName } from "./hash-prefix.js";
import { HubCacheError, readOnlyCode } from "./hub-cache-error.js";
import { checkpointsDir } from "./hub-dir.js";
import { publishedFileName } from "./published-file-name.js";

export interface LoadStateDictFromUrlOptions {
  /** Print a progress bar to stderr while downloading. Default true. */
  progress?: boolean;
  /**
   * Check the file's sha256 before using it, against `sha256` or else the hex
   * the file name carries after its last '-' (`resnet20-12fca82f.th`). Default false.
   */
  checkHash?: boolean;
  /** The full sha256 (or a prefix of it) to check against; implies checkHash. */
  sha256?: string;
  /** The cache directory. Default `<hub dir>/checkpoints` (see `getDir`). */
  modelDir?: string;
  /** The cached file's name. Default: the URL's last path segment. */
  fileName?: string;
  /** Where to create the tensors (PyTorch's `map_location`). */
  mapLocation?: torch.DeviceLike;
}

/**
 * Downloads `url` into the cache unless it is already there, and returns what
 * `torch.load` returns for it: for a safetensors file its tensors by name, for
 * a PyTorch `.pth`/`.th` checkpoint its object (often the state dict itself).
 *
 * ```ts
 * const stateDict = await hub.loadStateDictFromUrl(url, { checkHash: true });
 * model.loadStateDict(stateDict);
 * ```
 */
export async function loadStateDictFromUrl<T = Record<string, torch.Tensor>>(url: string, options: LoadStateDictFromUrlOptions = {}): Promise<T> {
  const fileName = options.fileName ?? publishedFileName(url);
  const dir = options.modelDir ?? checkpointsDir();
  const expected = expectedHash(url, fileName, options);
  const progress = options.progress ?? true;
  const { bytes, path } = await bytesWithFallback(url, dir, fileName, expected, progress);
  return torch.loadFromBytes<T>(bytes, { source: path, device: options.mapLocation });
}

/**
 * The file from the cache in `dir`; when that cache cannot be written (a
 * read-only mount holding a missing or corrupt file), from a cache of this
 * user's in the temporary folder instead.
 */
async function bytesWithFallback(url: string, dir: string, fileName: string, expected: string | undefined, progress: boolean): Promise<{ bytes: Uint8Array; path: string }> {
  try {
    return await fromCache(url, dir, fileName, expected, progress);
  } catch (error) {
    const code = readOnlyCode(error);
    if (code === undefined) throw error;
    const fallback = fallbackCacheDir();
    const advice = "set TAIMATSU_HOME (or call hub.setDir, or pass modelDir) to a writable folder";
    if (fallback === dir) throw new HubCacheError(join(dir, fileName), `${join(dir, fileName)}: the hub cache ${dir} cannot be written (${code}); ${advice}`, { cause: error });
    process.stderr.write(`${join(dir, fileName)}: the hub cache ${dir} cannot be written (${code}) and holds no good copy; using ${fallback} instead (${advice} to choose)\n`);
    try {
      return await fromCache(url, fallback, fileName, expected, progress);
    } catch (second) {
      const again = readOnlyCode(second);
      if (again === undefined) throw second;
      throw new HubCacheError(join(dir, fileName), `${join(dir, fileName)}: the hub cache ${dir} cannot be written (${code}), nor the fallback ${fallback} (${again}); ${advice}`, { cause: second });
    }
  }
}

/** This user's stand-in cache, for when the configured one is read-only. */
function fallbackCacheDir(): string {
  return join(tmpdir(), `taimatsu-hub-${process.getuid?.() ?? "user"}`, "checkpoints");
}

async function fromCache(url: string, dir: string, fileName: string, expected: string | undefined, progress: boolean): Promise<{ bytes: Uint8Array; path: string }> {
  const path = join(dir, fileName);
  await mkdir(dir, { recursive: true });
  return { bytes: await cachedBytes(url, path, expected, progress), path };
}

function expectedHash(url: string, fileName: string, options: LoadStateDictFromUrlOptions): string | undefined {
  if (options.sha256 !== undefined) return options.sha256.toLowerCase();
  if (!options.checkHash) return undefined;
  const prefix = hashPrefixFromFileName(fileName);
  if (prefix === undefined) {
    throw new Error(`${url}: checkHash needs the sha256, but the file name "${fileName}" carries none (expected "<name>-<hex>.<ext>"); pass options.sha256 or checkHash: false`);
  }
  return prefix;
}

/**
 * The file's bytes, downloaded first if needed. They are hashed after they
 * are read, the same bytes that get parsed, so nothing unchecked is used even
 * if the cached file was replaced or damaged after its download. A cached
 * file that fails the check is removed and downloaded once more.
 */
async function cachedBytes(url: string, cachedFile: string, expected: string | undefined, progress: boolean): Promise<Uint8Array> {
  if (url.startsWith("file:") && (await exists(fileURLToPath(url)))) return localBytes(url, expected);
  for (let attempt = 0; ; attempt++) {
    await ensureCached(url, cachedFile, expected, progress);
    const file = await readFile(cachedFile);
    // a plain Uint8Array: Buffer's slice() shares memory where the loader expects a copy
    const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
    if (expected === undefined) return bytes;
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (hashMatches(actual, expected)) return bytes;
    await rm(cachedFile, { force: true });
    if (attempt > 0) throw new HashMismatchError(url, cachedFile, expected, actual);
    process.stderr.write(`${cachedFile}: cached file has sha256 ${actual}, expected ${expected}; removed it, downloading again\n`);
  }
}

/** A local file's bytes, checked like a download; there is nothing to fetch again. */
async function localBytes(url: string, expected: string | undefined): Promise<Uint8Array> {
  const path = fileURLToPath(url);
  const file = await readFile(path);
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (expected === undefined) return bytes;
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (!hashMatches(actual, expected)) throw new HashMismatchError(url, path, expected, actual);
  return bytes;
}

async function ensureCached(url: string, cachedFile: string, expected: string | undefined, progress: boolean): Promise<void> {
  const isCached = () => exists(cachedFile);
  if (await isCached()) return;
  await withDownloadLock(cachedFile, isCached, () => downloadWeightsFile(url, cachedFile, { expected, progress }));
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
