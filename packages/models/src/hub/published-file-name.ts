/** The name a URL publishes its file under: its last path segment. */
import { basename } from "node:path";

export function publishedFileName(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`${url} is not a URL; pass an http://, https:// or file:// URL`);
  }
  const name = basename(decodeURIComponent(parsed.pathname));
  if (!name) throw new RangeError(`${url}: the URL does not end in a file name; pass options.fileName to name the cached file`);
  return name;
}
