/**
 * An archive that cannot be extracted: corrupt or truncated data, or an entry
 * that would write outside the destination folder. `archive` names the file.
 */
export class ArchiveError extends Error {
  override name = "ArchiveError";
  constructor(
    readonly archive: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
