/**
 * Where the weights the project trains itself live: the files in the
 * package's own weights/ folder (packages/models/weights/ in the repository),
 * which ship in the npm package. Their entries point at them with file: URLs,
 * so they load with no network and no copy in the hub's cache.
 */
export const PROJECT_WEIGHTS_BASE_URL = new URL("../../weights/", import.meta.url).href;

/** The URL of a file in the package's weights/ folder. */
export function projectWeightsUrl(fileName: string): string {
  return new URL(encodeURIComponent(fileName), PROJECT_WEIGHTS_BASE_URL).href;
}
