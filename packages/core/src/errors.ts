/**
 * Typed errors. Messages name the op and the offending shapes, dtypes or devices,
 * in the words PyTorch uses, so a PyTorch user recognises them.
 */
export class TaimatsuError extends Error {
  override name = "TaimatsuError";
}
/** Shapes that do not fit (broadcasting, matmul, view). */
export class ShapeError extends TaimatsuError {
  override name = "ShapeError";
}
/** An op got a dtype it cannot handle. */
export class DTypeError extends TaimatsuError {
  override name = "DTypeError";
}
/** Tensors on different devices, or a device with no backend. */
export class DeviceError extends TaimatsuError {
  override name = "DeviceError";
}
/** Misuse of autograd: backward twice, in-place on a leaf, non-scalar backward. */
export class AutogradError extends TaimatsuError {
  override name = "AutogradError";
}
/** A linear-algebra input the factorization cannot handle: a singular or not positive-definite matrix (PyTorch's `torch.linalg.LinAlgError`). */
export class LinAlgError extends TaimatsuError {
  override name = "LinAlgError";
}
