/**
 * Downloading and unpacking datasets and model weights: checksums, retries,
 * mirrors (TAIMATSU_DATASETS_MIRROR), progress, atomic writes.
 */
export { downloadUrl, type DownloadOptions } from "./download-url.js";
export { downloadAndExtractArchive, type DownloadAndExtractOptions } from "./download-and-extract.js";
export { extractArchive, type ExtractOptions } from "./extract.js";
export { ArchiveError } from "./archive-error.js";
export { removeStaleParts } from "./stale-parts.js";
export { TarParser, type TarEntry, type TarSink } from "./tar-parser.js";
export { md5File, sha256File, ChecksumError } from "./checksum.js";
export { DownloadError, AttemptError } from "./download-error.js";
export { MIRROR_ENV, MIRROR_ONLY_ENV, candidateUrls } from "./mirrors.js";
export { Progress, formatBytes, type ProgressOptions } from "./progress.js";
export type { RetryOptions } from "./retry.js";
export type { HttpOptions } from "./open-http.js";
