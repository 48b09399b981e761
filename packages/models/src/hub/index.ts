/**
 * `torch.hub` for weights: download once into a cache, check, load.
 *
 * ```ts
 * import { hub } from "@taimatsu/models";
 * const stateDict = await hub.loadStateDictFromUrl("https://…/resnet20-12fca82f.th", { checkHash: true });
 * ```
 */
export { loadStateDictFromUrl, type LoadStateDictFromUrlOptions } from "./load-state-dict-from-url.js";
export { getDir, setDir, checkpointsDir } from "./hub-dir.js";
export { hashPrefixFromFileName } from "./hash-prefix.js";
export { HashMismatchError } from "./hash-mismatch-error.js";
export { HubCacheError } from "./hub-cache-error.js";
export { HUB_MIRROR_ENV } from "./download-weights-file.js";
export { withDownloadLock, type DownloadLockOptions } from "./download-lock.js";
