/**
 * PyTorch's tensor-rebuilding functions (torch._utils._rebuild_tensor*,
 * _rebuild_parameter*), the only calls a checkpoint may make. Each checks its
 * pickled arguments, since they come from an untrusted file.
 */
import { isFloatingPoint } from "../../dtype.js";
import { numel } from "../../shape.js";
import { Parameter } from "../../nn/parameter.js";
import { Tensor } from "../../tensor.js";
import { UnpicklingError } from "../pickle/unpickle.js";
import { pyTypeName } from "../pickle/values.js";
import { CheckpointStorage } from "./storage.js";

/** `_rebuild_tensor(storage, storage_offset, size, stride)`: a strided view on the storage. */
export function rebuildTensor(source: string, args: readonly unknown[]): Tensor {
  const [storage, offset, size, stride] = args;
  if (!(storage instanceof CheckpointStorage)) throw badArgument(source, "storage", "a storage", storage);
  const where = `tensor over storage '${storage.key}'`;
  const shape = intList(source, where, "size", size);
  const strides = intList(source, where, "stride", stride);
  if (!isCount(offset)) throw badArgument(source, "storage_offset", "a non-negative int", offset);
  if (strides.length !== shape.length) throw corrupt(source, `${where} has ${shape.length} sizes but ${strides.length} strides`);
  const last = shape.reduce((end, s, i) => end + (s > 0 ? (s - 1) * strides[i]! : 0), offset);
  if (numel(shape) > 0 && last >= storage.numel) {
    throw corrupt(source, `${where} (size [${shape}], stride [${strides}], offset ${offset}) reaches element ${last} but the storage holds ${storage.numel}`);
  }
  return new Tensor(storage.base.storage, shape, strides, storage.offset + offset);
}

/** `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`. */
export function rebuildTensorV2(source: string, args: readonly unknown[]): Tensor {
  const tensor = rebuildTensor(source, args.slice(0, 4));
  return setRequiresGrad(source, tensor, args[4]);
}

/** `_rebuild_parameter(data, requires_grad, backward_hooks)`: an `nn.Parameter` over the rebuilt tensor. */
export function rebuildParameter(source: string, args: readonly unknown[]): Parameter {
  const [data, requiresGrad] = args;
  if (!(data instanceof Tensor)) throw badArgument(source, "data", "a tensor", data);
  if (typeof requiresGrad !== "boolean") throw badArgument(source, "requires_grad", "a bool", requiresGrad);
  if (requiresGrad && !isFloatingPoint(data.dtype)) throw corrupt(source, `a ${data.dtype} parameter is marked requires_grad, which only floating point tensors can be`);
  return new Parameter(data, requiresGrad);
}

function setRequiresGrad(source: string, tensor: Tensor, requiresGrad: unknown): Tensor {
  if (typeof requiresGrad !== "boolean") throw badArgument(source, "requires_grad", "a bool", requiresGrad);
  if (requiresGrad && !isFloatingPoint(tensor.dtype)) throw corrupt(source, `a ${tensor.dtype} tensor is marked requires_grad, which only floating point tensors can be`);
  tensor.requiresGrad = requiresGrad;
  return tensor;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function intList(source: string, where: string, what: string, value: unknown): number[] {
  if (!Array.isArray(value) || !value.every(isCount)) throw corrupt(source, `the ${what} of a ${where} must be a tuple of non-negative ints, found ${pyTypeName(value)}`);
  return [...value];
}

function badArgument(source: string, name: string, expected: string, found: unknown): UnpicklingError {
  return corrupt(source, `rebuilding a tensor needs ${name} to be ${expected}, found ${pyTypeName(found)}`);
}

function corrupt(source: string, message: string): UnpicklingError {
  return new UnpicklingError(`${source}: ${message}; the checkpoint is corrupt`);
}
