import { integerLiteralHint, isFloatingPoint } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { keep } from "../scope.js";
import { Tensor } from "../tensor.js";

/**
 * A tensor that a `Module` owns as a learnable weight (PyTorch's
 * `nn.Parameter`). It shares `data`'s storage, is a leaf, and requires grad
 * unless told otherwise. Assigning one to a module property registers it.
 *
 * Parameters outlive `torch.scope`: a model built inside a scope keeps its
 * weights.
 *
 * @example
 * ```ts
 * const w = new nn.Parameter(torch.randn([3, 2]));
 * w.requiresGrad; // true
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    data.assertAlive("nn.Parameter");
    super(data.storage, data.shape, data.strides, data.offset);
    if (requiresGrad && !isFloatingPoint(data.dtype)) {
      throw new DTypeError(`nn.Parameter: only Tensors of floating point dtype can require gradients (got ${data.dtype}); pass requiresGrad=false for integer parameters${integerLiteralHint(data.dtype)}`);
    }
    this.requiresGrad = requiresGrad;
    keep(this);
  }

  override toString(): string {
    return `Parameter containing:\n${Tensor.prototype.toString.call(this)}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
