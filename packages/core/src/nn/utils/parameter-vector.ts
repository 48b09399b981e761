import { noGrad } from "../../autograd/grad-mode.js";
import { DeviceError, ShapeError, TaimatsuError } from "../../errors.js";
import { cat } from "../../ops/cat.js";
import { Tensor } from "../../tensor.js";

/** PyTorch requires one device for all parameters here; say which two differ. */
function checkSameDevice(op: string, params: readonly Tensor[]): void {
  const first = params[0]?.device;
  for (const p of params) {
    if (first && !p.device.equals(first)) throw new DeviceError(`${op}: Found two parameters on different devices, this is currently not supported (${first} and ${p.device})`);
  }
}

/**
 * All parameters flattened into one vector, in iteration order
 * (`parameters_to_vector`). The result is differentiable with respect to them.
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const params = [...parameters];
  if (params.length === 0) throw new TaimatsuError("parametersToVector: got no parameters");
  checkSameDevice("parametersToVector", params);
  return cat(params.map((p) => p.reshape([-1])));
}

/**
 * Copies consecutive slices of `vec` into the parameters, in iteration order
 * (`vector_to_parameters`). Writes in place, so optimizers keep working.
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`vectorToParameters: expected vec to be a Tensor, but got ${typeof vec}`);
  if (vec.ndim !== 1) throw new ShapeError(`vectorToParameters: expected a 1-D vector, got shape [${vec.shape.join(", ")}]`);
  const params = [...parameters];
  checkSameDevice("vectorToParameters", params);
  const total = params.reduce((n, p) => n + p.numel(), 0);
  if (total !== vec.shape[0]) throw new ShapeError(`vectorToParameters: vec has ${vec.shape[0]} elements but the parameters have ${total} in total`);
  noGrad(() => {
    let offset = 0;
    for (const p of params) {
      const n = p.numel();
      p.copy_(vec.narrow(0, offset, n).reshape(p.shape));
      offset += n;
    }
  });
}
