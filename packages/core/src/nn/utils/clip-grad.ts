import { noGrad } from "../../autograd/grad-mode.js";
import { DeviceError, TaimatsuError } from "../../errors.js";
import { fullLike, zeros } from "../../ops/creation.js";
import { Tensor } from "../../tensor.js";

/** One tensor or many, as PyTorch's clipping functions accept. */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

export interface ClipGradNormOptions {
  /** Order of the norm: any p > 0, or Infinity for the max-norm. Default 2. */
  normType?: number;
  /** Throw instead of scaling when the total norm is NaN or infinite. Default false. */
  errorIfNonfinite?: boolean;
}

function withGrads(parameters: TensorOrTensors): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.filter((p) => p.gradValue !== null);
}

/** The norm of all gradients together, as if concatenated into one vector; stays on the device. */
function totalNorm(grads: Tensor[], normType: number): Tensor {
  if (normType === Infinity) return grads.map((g) => g.abs().amax()).reduce((a, b) => a.maximum(b));
  // sum of per-tensor norms^p, then the p-th root: the norm of the concatenation
  const powered = grads.map((g) => g.norm(normType).pow(normType)).reduce((a, b) => a.add(b));
  return powered.pow(1 / normType);
}

/**
 * Rescales gradients in place so their combined norm is at most `maxNorm`
 * (`clip_grad_norm_`) and returns that norm before clipping, as a 0-dim
 * tensor. Scaling is by `maxNorm / (norm + 1e-6)` clamped to 1, computed on
 * the device, so no value is read back unless `errorIfNonfinite` is set
 * (which a backend without synchronous reads refuses).
 *
 * @example
 * ```ts
 * loss.backward();
 * nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * optimizer.step();
 * ```
 */
export function clipGradNorm_(parameters: TensorOrTensors, maxNorm: number, options: ClipGradNormOptions = {}): Tensor {
  const normType = options.normType ?? 2;
  const params = withGrads(parameters);
  if (params.length === 0) return zeros([]);
  return noGrad(() => {
    const grads = params.map((p) => p.gradValue!.detach());
    const device = grads[0]!.device;
    const norm = totalNorm(grads.map((g) => (g.device.equals(device) ? g : g.to(device))), normType);
    if (options.errorIfNonfinite && !norm.storage.backend.allocator.readSync) {
      throw new DeviceError(
        `clipGradNorm_: errorIfNonfinite reads the total norm back, which the ${norm.storage.backend.name} backend (${device}) does only ` +
          "asynchronously; leave errorIfNonfinite unset and check the returned norm with `await norm.itemAsync()` instead",
      );
    }
    if (options.errorIfNonfinite && !Number.isFinite(norm.item())) {
      throw new TaimatsuError(
        `clipGradNorm_: The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
          "To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false",
      );
    }
    const coef = fullLike(norm, maxNorm).div(norm.add(1e-6)).clamp(null, 1);
    for (const g of grads) g.mul_(g.device.equals(device) ? coef : coef.to(g.device));
    return norm;
  });
}

/** Clamps every gradient element into [-clipValue, clipValue] in place (`clip_grad_value_`). */
export function clipGradValue_(parameters: TensorOrTensors, clipValue: number): void {
  noGrad(() => {
    for (const p of withGrads(parameters)) p.gradValue!.clamp_(-clipValue, clipValue);
  });
}
