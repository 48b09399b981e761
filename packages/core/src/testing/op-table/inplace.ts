import * as torch from "../../index.js";
import { Generator } from "../../random/generator.js";
import { NONZERO, POSITIVE } from "../host-values.js";
import { ALL, FLOAT, INPLACE_BINARY_CASES, NUMERIC, UNARY_CASES, inplace, mask, op, type OpSpec } from "../op-spec.js";

const MASKED = [[[2, 3], mask([2, 3])], [[2, 3], mask([3])], [[], mask([])]];

/** In-place variants next to the out-of-place op each must agree with. */
export const INPLACE_OPS: readonly OpSpec[] = [
  inplace("add_", (x, y) => x.add_(y!), (x, y) => x.add(y!), INPLACE_BINARY_CASES, { dtypes: NUMERIC }),
  inplace("add_(alpha 2)", (x, y) => x.add_(y!, { alpha: 2 }), (x, y) => x.add(y!, { alpha: 2 }), INPLACE_BINARY_CASES, { dtypes: NUMERIC }),
  inplace("sub_", (x, y) => x.sub_(y!), (x, y) => x.sub(y!), INPLACE_BINARY_CASES, { dtypes: NUMERIC }),
  inplace("mul_", (x, y) => x.mul_(y!), (x, y) => x.mul(y!), INPLACE_BINARY_CASES, { dtypes: NUMERIC }),
  inplace("div_", (x, y) => x.div_(y!), (x, y) => x.div(y!), INPLACE_BINARY_CASES, { domains: [undefined, NONZERO] }),
  inplace("pow_", (x, y) => x.pow_(y!), (x, y) => x.pow(y!), INPLACE_BINARY_CASES, { domains: [POSITIVE] }),
  inplace("neg_", (x) => x.neg_(), (x) => x.neg(), UNARY_CASES, { dtypes: NUMERIC }),
  inplace("abs_", (x) => x.abs_(), (x) => x.abs(), UNARY_CASES, { dtypes: NUMERIC }),
  inplace("relu_", (x) => x.relu_(), (x) => x.relu(), UNARY_CASES, { dtypes: NUMERIC }),
  inplace("exp_", (x) => x.exp_(), (x) => x.exp(), UNARY_CASES),
  inplace("log_", (x) => x.log_(), (x) => x.log(), UNARY_CASES, { domain: POSITIVE }),
  inplace("sqrt_", (x) => x.sqrt_(), (x) => x.sqrt(), UNARY_CASES, { domain: POSITIVE }),
  inplace("sigmoid_", (x) => x.sigmoid_(), (x) => x.sigmoid(), UNARY_CASES),
  inplace("tanh_", (x) => x.tanh_(), (x) => x.tanh(), UNARY_CASES),
  // PyTorch wraps a bound of -1 to 255 for uint8, so signed types only
  inplace("clamp_(-1, 1)", (x) => x.clamp_(-1, 1), (x) => x.clamp(-1, 1), UNARY_CASES, { dtypes: [...FLOAT, "int32", "int64"] }),
  inplace("maskedFill_", (x, m) => x.maskedFill_(m!, -1), (x, m) => x.maskedFill(m!, -1), MASKED, { dtypes: NUMERIC }),
  inplace("zero_", (x) => x.zero_(), (x) => torch.zerosLike(x), UNARY_CASES, { dtypes: ALL }),
  inplace("fill_(3)", (x) => x.fill_(3), (x) => torch.fullLike(x, 3), UNARY_CASES, { dtypes: NUMERIC }),
  // random fills from a seeded generator: the values overwrite self, so its old history gets no gradient
  // uniforms take as many random bits as the dtype holds (PyTorch's rule), so no float64 oracle
  op("uniform_(-1, 2)", (x) => x.clone().uniform_(-1, 2, { generator: new Generator(5) }), UNARY_CASES, { oracle: false }),
  op("normal_(1, 0.5)", (x) => x.clone().normal_(1, 0.5, { generator: new Generator(5) }), UNARY_CASES),
  op("bernoulli_(0.3)", (x) => x.clone().bernoulli_(0.3, { generator: new Generator(5) }), UNARY_CASES),
  inplace("copy_", (x, y) => x.copy_(y!), (x, y) => y!.expand(x.shape), [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 3], []]], { dtypes: ALL }),
  inplace("copy_(from float64)", (x, y) => x.copy_(y!), (x, y) => y!, [[[2, 3], { shape: [2, 3], dtype: "float64" }]], { dtypes: ALL, oracle: false }),
];
