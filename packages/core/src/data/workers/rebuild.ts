import type { DType, HostArray } from "../../dtype.js";
import { fromHost } from "../../ops/dispatch.js";
import type { EncodedSpec, EncodedTensor, WorkerSpec } from "./worker-spec.js";

/**
 * The worker side of `WorkerSpec`: imports the module, finds the export and
 * makes the object, after rebuilding the arguments it depends on.
 */
export async function rebuild(spec: WorkerSpec): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec.module)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`DataLoader worker: cannot import ${spec.module} to rebuild ${spec.export}: ${(e as Error).message}`, { cause: e });
  }
  const { owner, value } = resolveExport(mod, spec);
  const kind = spec.kind ?? "value";
  if (kind === "value") return value;
  if (typeof value !== "function") throw new TypeError(`DataLoader worker: ${spec.export} in ${spec.module} is not a function or class`);
  const args = (await fromWorkerArg(spec.args ?? [])) as unknown[];
  if (kind === "new") return new (value as new (...a: unknown[]) => unknown)(...args);
  return await (value as (...a: unknown[]) => unknown).apply(owner, args);
}

/** Follows a dotted export path, keeping the last owner as `this` for static factories. */
function resolveExport(mod: Record<string, unknown>, spec: WorkerSpec): { owner: unknown; value: unknown } {
  let owner: unknown = mod;
  let value: unknown = mod;
  for (const part of spec.export.split(".")) {
    owner = value;
    value = (value as Record<string, unknown> | undefined)?.[part];
    if (value === undefined) throw new Error(`DataLoader worker: ${spec.module} has no export ${spec.export}`);
  }
  return { owner, value };
}

/** Inverse of `toWorkerArg`. */
export async function fromWorkerArg(value: unknown): Promise<unknown> {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    return value;
  }
  if (Array.isArray(value)) return Promise.all(value.map(fromWorkerArg));
  if ("$worker" in value) return rebuild((value as EncodedSpec).$worker);
  if ("$tensor" in value) {
    const { dtype, shape, data } = (value as EncodedTensor).$tensor;
    return fromHost(data as HostArray, shape, dtype as DType);
  }
  const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await fromWorkerArg(v)] as const));
  return Object.fromEntries(entries);
}
