/**
 * Ops whose conformance cases cannot run on a device without half types:
 * they convert to float16/bfloat16, which the backend does not store, or
 * (cpu()) check gradients by combining the CPU result with device tensors.
 * Registered as skipped tests with these reasons, so nothing is left out silently.
 */
export const NOT_ON_CUDA: Record<string, string> = {
  "half()": "converts to float16, which cuda does not store",
  "to(float16)": "converts to float16, which cuda does not store",
  "bfloat16()": "converts to bfloat16, which cuda does not store",
  "to(bfloat16)": "converts to bfloat16, which cuda does not store",
  "cpu()": "its layout and gradient checks combine the CPU result with device tensors",
};
