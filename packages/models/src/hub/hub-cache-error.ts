/**
 * The hub cache cannot be used: it is read-only (or not ours) and does not
 * hold a good copy of the file, and no writable cache could stand in for it.
 */
export class HubCacheError extends Error {
  override name = "HubCacheError";

  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const READ_ONLY_CODES = new Set(["EROFS", "EACCES", "EPERM"]);

/** The file-system code (EROFS, EACCES, EPERM) when `error` or one of its causes says the cache cannot be written. */
export function readOnlyCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && READ_ONLY_CODES.has(code)) return code;
  }
  return undefined;
}
