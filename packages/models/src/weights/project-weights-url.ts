/**
 * Where the project publishes the weights it trains itself: the files in
 * packages/models/weights/, served from the repository. A registry entry for
 * them names only its file; `TAIMATSU_HUB_MIRROR` (for example
 * `file:///path/to/checkout/packages/models/weights/`) serves them from
 * elsewhere, which is how offline machines and tests reach them.
 */
export const PROJECT_WEIGHTS_BASE_URL = "https://github.com/taimatsu/taimatsu/raw/main/packages/models/weights/";

/** The published URL of a file in packages/models/weights/. */
export function projectWeightsUrl(fileName: string): string {
  return new URL(encodeURIComponent(fileName), PROJECT_WEIGHTS_BASE_URL).href;
}
