/** The tensor methods and top-level functions PyTorch has for linalg (`x.inverse()`, `torch.det(x)`). */
import { installMethods } from "../ops/methods.js";
import type { Tensor } from "../tensor.js";
import { cholesky as linalgCholesky } from "./cholesky.js";
import { det, logdet, slogdet, type SignLogAbsDet } from "./determinant.js";
import { inv } from "./solve.js";

declare module "../tensor.js" {
  interface Tensor {
    inverse(): Tensor;
    det(): Tensor;
    logdet(): Tensor;
    slogdet(): SignLogAbsDet;
    /** PyTorch's deprecated `Tensor.cholesky(upper=False)`; `torch.linalg.cholesky` is the current form. */
    cholesky(upper?: boolean): Tensor;
  }
}

/** `torch.inverse(A)`: `torch.linalg.inv`. */
export function inverse(a: Tensor): Tensor {
  return inv(a);
}

/** `torch.cholesky(A, upper=false)`. */
export function cholesky(a: Tensor, upper = false): Tensor {
  return linalgCholesky(a, { upper });
}

export { det, logdet, slogdet };

installMethods({
  inverse() { return inv(this); },
  det() { return det(this); },
  logdet() { return logdet(this); },
  slogdet() { return slogdet(this); },
  cholesky(upper?: boolean) { return cholesky(this, upper ?? false); },
});
