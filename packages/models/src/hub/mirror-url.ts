/**
 * `TAIMATSU_HUB_MIRROR`: a base URL that replaces the host a weights file is
 * published on, for machines without internet access, company mirrors and
 * tests. The published file name is appended to it, so
 * `TAIMATSU_HUB_MIRROR=file:///srv/weights/` serves `resnet20-12fca82f.th` from
 * `/srv/weights/resnet20-12fca82f.th`. The cache keeps the published name,
 * so files fetched through a mirror and without one are the same entry.
 */
import { basename } from "node:path";

export const HUB_MIRROR_ENV = "TAIMATSU_HUB_MIRROR";

/** The URL to fetch `url` from: the mirror's when the variable is set, else `url` itself. */
export function mirroredUrl(url: string): string {
  const mirror = process.env[HUB_MIRROR_ENV];
  if (!mirror) return url;
  return new URL(encodeURIComponent(publishedFileName(url)), withTrailingSlash(mirror, url)).href;
}

/** The last path segment of `url`, the name the file is published under. */
export function publishedFileName(url: string): string {
  const name = basename(decodeURIComponent(new URL(url).pathname));
  if (!name) throw new Error(`${url}: the URL does not end in a file name; pass options.fileName to name the cached file`);
  return name;
}

/** Without the slash, `new URL(name, base)` would replace the base's last segment. */
function withTrailingSlash(mirror: string, url: string): string {
  let base: URL;
  try {
    base = new URL(mirror);
  } catch {
    throw new Error(`${HUB_MIRROR_ENV}=${mirror} is not a URL (needed to fetch ${url}); set it to an http(s):// or file:// base URL, or unset it`);
  }
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return base.href;
}
