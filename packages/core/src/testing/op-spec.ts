import type { DType } from "../dtype.js";
import type { ValuesIndices } from "../ops/reduction.js";
import type { Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { DEFAULT_DOMAIN, type Domain } from "./host-values.js";

/** What an op under test may return. */
export type OpOutput = Tensor | readonly Tensor[] | ValuesIndices;

/**
 * One input of a case. "data" inputs take the dtype being swept (unless
 * `dtype` fixes one) and are differentiated; "constant" inputs are the same
 * but never differentiated (running statistics); "index" and "mask" inputs
 * keep their dtype, are never differentiated and never converted for the oracle.
 */
export interface InputSpec {
  shape: Shape;
  role?: "data" | "constant" | "index" | "mask";
  dtype?: DType;
  domain?: Domain;
  /** Exact values instead of random ones (unique scatter indices, NaN and infinity). */
  values?: readonly number[];
}

export type InputLike = Shape | InputSpec;

export interface OpSpec {
  /** The public op this exercises ("add", "nn.functional.conv2d"): what docs/op-coverage.md counts. */
  op: string;
  /** The case title: the op plus its arguments ("sum(1, keepdim)"). */
  label: string;
  fn: (...inputs: Tensor[]) => OpOutput;
  /** Input sets; each one is a case run in every dtype. */
  cases: readonly (readonly InputSpec[])[];
  /** Dtypes swept over the data inputs: those the op accepts. */
  dtypes: readonly DType[];
  /** Check gradients (float32/float64 sweeps only). */
  grad: boolean;
  /** Also compare with the op computed in float64 on the reference backend, cast to the result dtype. */
  oracle: boolean;
  /** Try non-contiguous inputs (off for ops defined on storage, like asStrided, or views that must fail on them). */
  layouts: boolean;
  domain: Domain;
  /** Multiplies the dtype tolerances (long accumulations, cancellation). */
  tolerance: number;
  /** torch members the op needs ("cat", "nn.functional.gelu"); the case is skipped while one is missing. */
  requires: readonly string[];
  /** Fused-kernel names this op reaches, so backends' fused kernels can be checked for coverage. */
  fused: readonly string[];
  /**
   * The op answers on the host synchronously (allclose's boolean, a copy to
   * the CPU): skipped on backends without `readSync`, which refuse it.
   */
  readsBack: boolean;
  /**
   * Dtypes the op makes whatever dtype is swept (a cast's target, a `dtype`
   * option): on a backend that does not store one of them the op is skipped.
   */
  makes?: readonly DType[];
  /** For in-place ops: the op itself (`fn` runs it on a clone) and the out-of-place op it must agree with. */
  inPlace?: InPlacePair;
}

export interface InPlacePair {
  apply: (self: Tensor, ...rest: Tensor[]) => Tensor;
  outOfPlace: (self: Tensor, ...rest: Tensor[]) => Tensor;
}

export type OpOptions = Partial<Omit<OpSpec, "fn" | "cases" | "label">> & {
  /** Per-input domains, for the case presets (divisors, bases). */
  domains?: readonly (Domain | undefined)[];
};

export const FLOAT: readonly DType[] = ["float32", "float64", "float16", "bfloat16"];
export const INT: readonly DType[] = ["int32", "int64", "uint8"];
export const NUMERIC: readonly DType[] = [...FLOAT, ...INT];
export const ALL: readonly DType[] = [...NUMERIC, "bool"];

function normalize(input: InputLike): InputSpec {
  return Array.isArray(input) ? { shape: input as Shape } : (input as InputSpec);
}

/** The public op name of a label: "sum(1, keepdim)" -> "sum". */
function opName(label: string): string {
  return /^[\w.]+/.exec(label)?.[0] ?? label;
}

/** The general form: a label, the op, and its input sets. */
export function op(label: string, fn: OpSpec["fn"], cases: readonly (readonly InputLike[])[], o: OpOptions = {}): OpSpec {
  const { domains, ...rest } = o;
  return {
    op: opName(label),
    label,
    fn,
    cases: cases.map((c) => c.map((input, i) => {
      const spec = normalize(input);
      return spec.domain || !domains?.[i] ? spec : { ...spec, domain: domains[i] };
    })),
    dtypes: FLOAT,
    grad: true,
    oracle: true,
    layouts: true,
    domain: DEFAULT_DOMAIN,
    tolerance: 1,
    requires: [],
    fused: [],
    readsBack: false,
    ...rest,
  };
}

/** Shapes every elementwise unary op sees: plain, 0-dim, size-0, 3-D with a unit dim. */
export const UNARY_CASES: readonly Shape[][] = [[[2, 3]], [[]], [[0, 3]], [[3, 1, 2]]];

/** Broadcasting pairs, 0-dim operands on either side, size-0. */
export const BINARY_CASES: readonly Shape[][] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[2, 1], [1, 3]],
  [[], [2, 3]],
  [[2, 3], []],
  [[0, 3], [1, 3]],
  [[4, 1, 3], [2, 3]],
];

/** Pairs whose first operand already has the broadcast shape (in-place ops write into it). */
export const INPLACE_BINARY_CASES: readonly Shape[][] = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 3], []], [[0, 3], [1, 3]]];

export function unary(label: string, fn: (x: Tensor) => OpOutput, o: OpOptions = {}): OpSpec {
  return op(label, fn as OpSpec["fn"], UNARY_CASES, o);
}

export function binary(label: string, fn: (x: Tensor, y: Tensor) => OpOutput, o: OpOptions = {}): OpSpec {
  return op(label, fn as OpSpec["fn"], BINARY_CASES, o);
}

/**
 * An in-place op, checked against `outOfPlace`. The generic checks run it on
 * a clone of the first input, so autograd sees an in-place op on a non-leaf.
 */
export function inplace(
  label: string,
  apply: InPlacePair["apply"],
  outOfPlace: InPlacePair["outOfPlace"],
  cases: readonly (readonly InputLike[])[],
  o: OpOptions = {},
): OpSpec {
  return op(label, (x, ...rest) => apply(x!.clone(), ...rest), cases, { ...o, inPlace: { apply, outOfPlace } });
}

/** An input holding class indices or gather/scatter positions in [0, high). */
export function index(shape: Shape, high: number, dtype: DType = "int64"): InputSpec {
  return { shape, role: "index", dtype, domain: { lo: 0, hi: high - 1 } };
}

/** Fixed index values (scatter needs distinct targets to be deterministic). */
export function indexValues(shape: Shape, values: readonly number[], dtype: DType = "int64"): InputSpec {
  return { shape, role: "index", dtype, values };
}

/** A floating input that is not differentiated (running statistics, targets). */
export function constant(shape: Shape, domain?: Domain): InputSpec {
  return { shape, role: "constant", ...(domain ? { domain } : {}) };
}

export function mask(shape: Shape): InputSpec {
  return { shape, role: "mask", dtype: "bool" };
}

/** A data input with fixed values (special values: NaN, infinities, signed zeros). */
export function fixed(values: readonly number[], shape: Shape = [values.length]): InputSpec {
  return { shape, values };
}
