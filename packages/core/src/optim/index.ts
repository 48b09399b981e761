/** `torch.optim`: optimizers and `lrScheduler` (PyTorch's `torch.optim.lr_scheduler`). */
export { Optimizer, type ParamGroup, type ParamGroupInput, type ParamsInput, type ParamState, type OptimizerStateDict, type Closure } from "./optimizer.js";
export { SGD, type SGDOptions, type SGDGroup, type SGDState } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export type { AdamGroup, AdamState } from "./adam-update.js";
export { RMSprop, type RMSpropOptions, type RMSpropGroup, type RMSpropState } from "./rmsprop.js";
export { Adagrad, type AdagradOptions, type AdagradGroup, type AdagradState } from "./adagrad.js";
export * as lrScheduler from "./lr-scheduler/index.js";
