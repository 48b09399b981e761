/** What kind of file a checkpoint is, from its first bytes. */
export type FileFormat = "safetensors" | "torch-zip" | "torch-pickle" | "unknown";

/** How many leading bytes `detectFormat` needs. */
export const MAGIC_BYTES = 9;

/**
 * safetensors: an 8-byte length, then the JSON header's '{'. PyTorch zip
 * checkpoints start with a zip local header ("PK\3\4"); legacy ones with a
 * pickle PROTO opcode (0x80). safetensors is tested before the pickle byte
 * because a header length of 128 also starts with 0x80.
 */
export function detectFormat(prefix: Uint8Array): FileFormat {
  if (prefix[0] === 0x50 && prefix[1] === 0x4b && prefix[2] === 0x03 && prefix[3] === 0x04) return "torch-zip";
  if (prefix.length < MAGIC_BYTES || prefix[8] === 0x7b) return "safetensors"; // short files get the safetensors truncation error
  if (prefix[0] === 0x80) return "torch-pickle";
  return "unknown";
}

export function describePrefix(prefix: Uint8Array): string {
  return [...prefix.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
