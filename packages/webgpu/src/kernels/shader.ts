import type { DType } from "@taimatsu/core";
import { wgslOf } from "./dtype-wgsl.js";
import { helpersFor } from "./wgsl-library.js";

/** Threads per workgroup of the one-thread-per-element kernels. */
export const WORKGROUP_SIZE = 256;
/** WebGPU's guaranteed limit on workgroups per dispatch dimension. */
export const MAX_GROUPS_PER_DIM = 65535;

/** A buffer binding of a kernel (after binding 0, the parameter block). */
export interface Binding {
  name: string;
  dtype: DType;
  access: "read" | "read_write";
  /** Bound as atomics (scatter-add). */
  atomic?: boolean;
}

/**
 * A kernel to dispatch: its pipeline key (op, dtypes, rank — never shapes),
 * the source behind the key, its parameter block and its workgroup grid.
 */
export interface KernelCall {
  key: string;
  source(): string;
  params: Uint32Array;
  groups: [number, number];
  /** Workgroups along z (a batch index); default 1. */
  batch?: number;
  /** True when the kernel reports index errors through the device's error buffer (bound last). */
  errors?: boolean;
}

export interface ShaderOptions {
  /** Workgroup shape of a kernel with its own `main` body. */
  workgroup?: [number, number];
  /** Module-scope declarations (workgroup memory). */
  decls?: string;
  /** The body of `main`, which sees `wg`, `nwg`, `lid` and `li`, instead of the flat-thread form. */
  main?: string;
  /** Declare the error buffer (binding after the others) and `report_index_error`. */
  errors?: boolean;
}

/** The shader source: bindings, the helper libraries and `body`, the statements of `main` for flat thread `i`. */
export function shaderSource(bindings: readonly Binding[], body: string, options: ShaderOptions = {}): string {
  const decls = bindings.map(
    (b, k) =>
      `@group(0) @binding(${k + 1}) var<storage, ${b.access}> ${b.name}: array<${b.atomic ? `atomic<${wgslOf(b.dtype).storage}>` : wgslOf(b.dtype).storage}>;`,
  );
  if (options.errors) {
    decls.push(`@group(0) @binding(${bindings.length + 1}) var<storage, read_write> errors: array<atomic<u32>, 4>;`);
    decls.push(ERROR_WGSL);
  }
  const [wx, wy] = options.workgroup ?? [WORKGROUP_SIZE, 1];
  const builtins =
    "@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32";
  const main = options.main ?? `  let i = (wg.y * nwg.x + wg.x) * ${wx * wy}u + li;\n  ${body}`;
  const own = [options.decls ?? "", ...decls, main].join("\n");
  return [
    "@group(0) @binding(0) var<storage, read> params: array<u32>;",
    ...decls,
    options.decls ?? "",
    helpersFor(own),
    `@compute @workgroup_size(${wx}, ${wy})`,
    `fn main(${builtins}) {`,
    main,
    "}",
  ].join("\n");
}

/**
 * Index errors: the first thread to find an index out of range records the
 * site (which op, dim and size: see `ErrorSites`) and the index; the device
 * reports it at the next read or synchronize.
 */
const ERROR_WGSL = `
fn report_index_error(site: u32, index: vec2u) {
  if (atomicCompareExchangeWeak(&errors[0], 0u, 1u).exchanged) {
    atomicStore(&errors[1], site);
    atomicStore(&errors[2], index.x);
    atomicStore(&errors[3], index.y);
  }
}`;

/** The 2-D grid covering `threads` threads (one dimension holds at most 65535 workgroups). */
export function gridFor(threads: number, workgroupSize = WORKGROUP_SIZE): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / workgroupSize));
  const x = Math.min(groups, MAX_GROUPS_PER_DIM);
  const y = Math.ceil(groups / x);
  if (y > MAX_GROUPS_PER_DIM) throw new RangeError(`webgpu: ${threads} threads exceed one dispatch`);
  return [x, y];
}

/** The pipeline key of a kernel: name, op, dtypes and rank. */
export function pipelineKey(kernel: string, op: string, dtypes: readonly DType[], rank: number, extra = ""): string {
  return `${kernel}:${op}:${dtypes.join(",")}:r${rank}${extra ? `:${extra}` : ""}`;
}
