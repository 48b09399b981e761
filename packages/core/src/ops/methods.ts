import { Tensor } from "../tensor.js";

/**
 * Adds ops as `Tensor` methods. Each ops file declares its methods with
 * `declare module "../tensor.js"` and installs them here, so the Tensor class
 * stays a small structure and each op lives next to its gradient.
 */
export function installMethods(methods: Record<string, (this: Tensor, ...args: any[]) => unknown>): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
  }
}
