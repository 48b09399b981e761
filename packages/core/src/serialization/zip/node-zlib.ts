/**
 * Node's zlib, looked up at run time rather than imported, so that core stays
 * loadable in browsers and other runtimes: only DEFLATE-compressed archive
 * entries need it (torch.save stores entries uncompressed).
 */
export interface NodeZlib {
  inflateRawSync(data: Uint8Array, options?: { maxOutputLength?: number }): Uint8Array;
  crc32?(data: Uint8Array): number;
}

interface ProcessWithBuiltins {
  getBuiltinModule?(id: string): unknown;
}

let cached: NodeZlib | null | undefined;

export function nodeZlib(): NodeZlib | undefined {
  if (cached === undefined) {
    const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
    cached = (proc?.getBuiltinModule?.("node:zlib") as NodeZlib | undefined) ?? null;
  }
  return cached ?? undefined;
}
