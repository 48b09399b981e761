import { downloadUrl, type DownloadOptions } from "./download-url.js";
import { extractArchive } from "./extract.js";

export interface DownloadAndExtractOptions extends Omit<DownloadOptions, "root"> {
  /** Where the archive is saved. */
  downloadRoot: string;
  /** Where it is extracted (default: downloadRoot). */
  extractRoot?: string;
  /** Delete the archive once extracted. */
  removeFinished?: boolean;
}

/** torchvision's `download_and_extract_archive`. Returns the extracted paths. */
export async function downloadAndExtractArchive(url: string | readonly string[], options: DownloadAndExtractOptions): Promise<string[]> {
  const { downloadRoot, extractRoot = downloadRoot, removeFinished = false, ...rest } = options;
  const archive = await downloadUrl(url, { ...rest, root: downloadRoot });
  return extractArchive(archive, extractRoot, { removeFinished });
}
