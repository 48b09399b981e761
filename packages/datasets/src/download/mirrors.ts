import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";

/** The environment variable naming mirrors: base URLs, separated by commas or spaces. */
export const MIRROR_ENV = "TAIMATSU_DATASETS_MIRROR";
/** Set to 1 to use only the mirrors (no official URLs). */
export const MIRROR_ONLY_ENV = "TAIMATSU_DATASETS_MIRROR_ONLY";

/** A mirror as a base URL ending in "/"; a bare absolute path means a file:// mirror. */
function baseUrl(mirror: string): string {
  const url = isAbsolute(mirror) && !/^[a-z]+:/i.test(mirror) ? pathToFileURL(mirror).href : mirror;
  if (!/^(https?|file):\/\//i.test(url)) throw new RangeError(`download: mirror ${mirror} must be an http://, https:// or file:// URL`);
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * Where to fetch `filename` from, in order: the mirrors given as an option,
 * then those in TAIMATSU_DATASETS_MIRROR (or the variable `mirrorEnv` names;
 * null: none), then the official URLs unless `mirrorOnly`.
 */
export function candidateUrls(
  urls: readonly string[],
  filename: string,
  mirror: string | readonly string[] | undefined,
  mirrorEnv: string | null = MIRROR_ENV,
  mirrorOnly = false,
): string[] {
  const fromEnv = ((mirrorEnv === null ? undefined : process.env[mirrorEnv]) ?? "").split(/[\s,]+/).filter(Boolean);
  const mirrors = [...(typeof mirror === "string" ? [mirror] : (mirror ?? [])), ...fromEnv];
  const viaMirrors = mirrors.map((m) => new URL(encodeURIComponent(filename), baseUrl(m)).href);
  return [...new Set([...viaMirrors, ...(mirrorOnly ? [] : urls)])];
}
