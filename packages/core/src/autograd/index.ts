/** `torch.autograd`. */
export { backward, grad, type BackwardOptions, type GradOptions } from "./engine.js";
export { Node } from "./node.js";
export * from "./gradcheck.js";
