/** `torch.optim.lr_scheduler`. */
export { LRScheduler, type SchedulerLike, type SchedulerOptions } from "./lr-scheduler.js";
export { StepLR } from "./step-lr.js";
export { MultiStepLR } from "./multi-step-lr.js";
export { ExponentialLR } from "./exponential-lr.js";
export { CosineAnnealingLR } from "./cosine-annealing-lr.js";
export { LinearLR, type LinearLROptions } from "./linear-lr.js";
export { ConstantLR, type ConstantLROptions } from "./constant-lr.js";
export { LambdaLR, type LrLambda } from "./lambda-lr.js";
export { OneCycleLR, type OneCycleLROptions } from "./one-cycle-lr.js";
export { SequentialLR } from "./sequential-lr.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce-lr-on-plateau.js";
