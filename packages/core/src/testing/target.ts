import type { Backend } from "../backend/backend.js";
import { getBackendByName, getDefaultDevice, setDefaultDevice, withBackend } from "../backend/registry.js";
import type { DType } from "../dtype.js";
import { tensor } from "../ops/creation.js";
import type { Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";

/**
 * A backend the suite runs ops on. Tensors created inside `run` land on it:
 * it serves its device type and that device is the default, so ops that
 * create tensors (zeros, arange, scalars) follow too.
 */
export class Target {
  constructor(readonly backend: Backend) {}

  static named(name: string): Target {
    return new Target(getBackendByName(name));
  }

  get name(): string {
    return this.backend.name;
  }

  get device(): string {
    return this.backend.deviceType;
  }

  run<T>(fn: () => T): T {
    return withBackend(this.backend.name, () => {
      const previous = getDefaultDevice();
      setDefaultDevice(this.device);
      try {
        return fn();
      } finally {
        setDefaultDevice(previous);
      }
    });
  }

  /** A contiguous tensor on this backend holding `values` (already representable in `dtype`). */
  tensor(values: Float64Array, shape: Shape, dtype: DType): Tensor {
    return this.run(() => tensor(values, { dtype, shape, device: this.device }));
  }
}
