/** GPUBufferUsage and GPUMapMode bits, as numbers (Node has no such globals without the webgpu package). */
export const BufferUsage = { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
export const MAP_READ_MODE = 1;

/** The pool's usage classes: a freed buffer is reused only for the same class. */
export const Usage = {
  /** Tensor memory: read and written by kernels, copied in and out. */
  tensor: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
  /** A batch's kernel parameters, written once with `queue.writeBuffer` before the batch is submitted. */
  params: BufferUsage.STORAGE | BufferUsage.COPY_DST,
  /** A batch's host uploads, copied into tensors in command order. */
  upload: BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
  /** Staging for reads: mapped after the copy into it has run. */
  readback: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
} as const;
