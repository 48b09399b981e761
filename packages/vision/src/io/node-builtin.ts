/**
 * Node's built-in modules, looked up at run time instead of imported, so
 * vision bundles for browsers. Only file access and the PNG codec's zlib need
 * them; in a browser those say what to use instead.
 */
interface ProcessWithBuiltins {
  getBuiltinModule?(id: string): unknown;
}

export function nodeBuiltin<T>(id: string, op: string, instead: string): T {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const mod = proc?.getBuiltinModule?.(id) as T | undefined;
  if (!mod) throw new Error(`${op} needs Node.js (20.16 or later) for ${id}; ${instead}`);
  return mod;
}

export type NodeFs = typeof import("node:fs");
export type NodeZlib = typeof import("node:zlib");
