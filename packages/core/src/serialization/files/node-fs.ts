/**
 * Node's fs and path, looked up at run time rather than imported, so core
 * still loads in browsers; only the file-based save/load functions need them
 * (the byte-based ones work everywhere).
 */
import type * as Fs from "node:fs";
import type * as Path from "node:path";

interface ProcessWithBuiltins {
  getBuiltinModule?(id: string): unknown;
}

function builtin<T>(id: string, op: string): T {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const mod = proc?.getBuiltinModule?.(id) as T | undefined;
  if (!mod) throw new Error(`${op}: file access needs Node.js 20.16 or later; elsewhere use saveToBytes/loadFromBytes`);
  return mod;
}

export function nodeFs(op: string): typeof Fs {
  return builtin<typeof Fs>("node:fs", op);
}

export function nodePath(op: string): typeof Path {
  return builtin<typeof Path>("node:path", op);
}
