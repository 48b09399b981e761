/**
 * Bytes in shared memory where the platform has it, so DataLoader workers
 * see a dataset's pixels without each holding a copy.
 */
export function sharedBytes(length: number): Uint8Array {
  return typeof SharedArrayBuffer === "function" ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
}
