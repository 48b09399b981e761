/** `torch.nn`: modules, init, utils, functional. */
export * as functional from "./functional/index.js";
