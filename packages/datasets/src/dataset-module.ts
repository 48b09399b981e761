import * as torch from "@taimatsu/core";

/** The module DataLoader workers import to rebuild this package's datasets. */
export const datasetsModule = new URL("./index.js", torch.utils.data.workerModuleUrl(import.meta.url)).href;
