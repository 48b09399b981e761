/**
 * A downloaded or cached weights file whose sha256 is not the expected one.
 * By the time it is thrown the bad file has been removed, so a retry starts
 * from a clean cache.
 */
export class HashMismatchError extends Error {
  override name = "HashMismatchError";

  constructor(
    readonly url: string,
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${url}: sha256 mismatch for ${path}: expected ${expected}${expected.length < 64 ? "…" : ""}, got ${actual}. ` +
        "The file was removed. If the server (or TAIMATSU_HUB_MIRROR) serves a different file than was published, fix it there; " +
        "pass checkHash: false only if you trust the new file.",
    );
  }
}

/** Whether `actual` (full hex) matches `expected`, a full hash or the prefix a file name carries. */
export function hashMatches(actual: string, expected: string): boolean {
  return actual.toLowerCase().startsWith(expected.toLowerCase());
}
