import { DTYPES, type DType } from "../../dtype.js";
import * as torch from "../../index.js";
import { Generator } from "../../random/generator.js";
import type { Tensor } from "../../tensor.js";
import { ALL, FLOAT, NUMERIC, UNARY_CASES, op, unary, type OpSpec } from "../op-spec.js";

/** Negative floats to uint8 are undefined in C; casts to uint8 start from non-negative values. */
const castDomain = (to: DType) => (to === "uint8" ? { lo: 0, hi: 6 } : { lo: -6, hi: 6 });

const SHORTHANDS: Record<string, [DType, (x: Tensor) => Tensor]> = {
  float: ["float32", (x) => x.float()], double: ["float64", (x) => x.double()], half: ["float16", (x) => x.half()],
  bfloat16: ["bfloat16", (x) => x.bfloat16()], int: ["int32", (x) => x.int()], long: ["int64", (x) => x.long()],
  bool: ["bool", (x) => x.bool()], byte: ["uint8", (x) => x.byte()],
};

/** A 0-dim input whose only job is to carry the swept dtype into a creation op. */
const DTYPE_CARRIER = [[[]]];
const created = { dtypes: ALL, grad: false, layouts: false };

/** Casts between every pair of dtypes, copies, and creation ops in every dtype. */
export const CONVERSION_OPS: readonly OpSpec[] = [
  ...DTYPES.map((to) => unary(`to(${to})`, (x) => x.to(to), { dtypes: ALL, domain: castDomain(to), makes: [to] })),
  ...Object.entries(SHORTHANDS).map(([name, [to, fn]]) => unary(`${name}()`, fn, { dtypes: ALL, domain: castDomain(to), makes: [to] })),
  unary("type(float64)", (x) => x.type("float64"), { dtypes: ALL, makes: ["float64"] }),
  unary("cpu()", (x) => x.cpu(), { dtypes: ALL, readsBack: true }),
  unary("clone", (x) => x.clone(), { dtypes: ALL }),
  unary("detach", (x) => x.detach(), { dtypes: ALL, grad: false }),
  op("zerosLike", (x) => torch.zerosLike(x), UNARY_CASES, { dtypes: ALL, grad: false }),
  op("onesLike", (x) => torch.onesLike(x), UNARY_CASES, { dtypes: ALL, grad: false }),
  op("fullLike(x, 2)", (x) => torch.fullLike(x, 2), UNARY_CASES, { dtypes: ALL, grad: false }),
  op("zeros", (x) => torch.zeros([2, 3], { dtype: x.dtype }), DTYPE_CARRIER, created),
  op("ones", (x) => torch.ones([0, 2], { dtype: x.dtype }), DTYPE_CARRIER, created),
  op("full([2, 3], 1.5)", (x) => torch.full([2, 3], 1.5, { dtype: x.dtype }), DTYPE_CARRIER, created),
  op("tensor(nested arrays)", (x) => torch.tensor([[1, 2.5], [-3, 0]], { dtype: x.dtype }), DTYPE_CARRIER, created),
  op("arange(1, 7, 2)", (x) => torch.arange(1, 7, 2, { dtype: x.dtype }), DTYPE_CARRIER, { ...created, dtypes: NUMERIC }),
  op("arange(0, 1, 0.25)", (x) => torch.arange(0, 1, 0.25, { dtype: x.dtype }), DTYPE_CARRIER, { ...created, dtypes: FLOAT }),
  op("linspace(-1, 1, 5)", (x) => torch.linspace(-1, 1, 5, { dtype: x.dtype }), DTYPE_CARRIER, { ...created, dtypes: FLOAT }),
  op("eye(2, 3)", (x) => torch.eye(2, 3, { dtype: x.dtype }), DTYPE_CARRIER, created),
  // uniforms take as many random bits as the dtype holds (PyTorch's rule), so no float64 oracle
  op("rand", (x) => torch.rand([2, 3], { dtype: x.dtype, generator: new Generator(7) }), DTYPE_CARRIER, { ...created, dtypes: FLOAT, oracle: false }),
  op("randn", (x) => torch.randn([2, 3], { dtype: x.dtype, generator: new Generator(7) }), DTYPE_CARRIER, { ...created, dtypes: FLOAT }),
  op("randint(0, 5)", (x) => torch.randint(0, 5, [2, 3], { dtype: x.dtype, generator: new Generator(7) }), DTYPE_CARRIER, { ...created, dtypes: NUMERIC }),
  op("randLike", (x) => torch.randLike(x, { generator: new Generator(7) }), UNARY_CASES, { dtypes: FLOAT, grad: false, oracle: false }),
  op("randnLike", (x) => torch.randnLike(x, { generator: new Generator(7) }), UNARY_CASES, { dtypes: FLOAT, grad: false }),
  op("randintLike(-3, 4)", (x) => torch.randintLike(x, -3, 4, { generator: new Generator(7) }), UNARY_CASES, { dtypes: NUMERIC, grad: false }),
  // uninitialized memory: only the shape and dtype are checked (through zero_)
  op("empty([2, 3])", (x) => torch.empty([2, 3], { dtype: x.dtype }).zero_(), DTYPE_CARRIER, created),
  op("emptyLike", (x) => torch.emptyLike(x).zero_(), UNARY_CASES, { dtypes: ALL, grad: false }),
  op("randperm(5)", () => torch.randperm(5, { generator: new Generator(7) }), DTYPE_CARRIER, { ...created, dtypes: ["int64"] }),
];
