/**
 * Errors as a command-line user reads them: the datasets library speaks of
 * its API options (`md5: "..."`, the mirror option); here they are flags.
 */
import { ChecksumError, DownloadError } from "@taimatsu/datasets/download";

export function forCommandLine(error: unknown): string {
  if (error instanceof ChecksumError && error.algorithm === "MD5") {
    return (
      `${error.file}: MD5 mismatch (expected ${error.expected}, actual ${error.actual}); the download was removed. ` +
      `If this copy is the one you want (a re-encoded or mirrored archive), run again with --md5 ${error.actual}.`
    );
  }
  if (error instanceof DownloadError) return error.message.replaceAll("pass the mirror option", "run again with --mirror URL");
  return (error as Error)?.stack ?? String(error);
}
