import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { AutogradError, DeviceError, DTypeError, ShapeError } from "../src/index.js";

/**
 * Every kind of user error throws a typed error whose message names the op
 * and the shapes, dtypes or devices at fault, so it can be fixed without a
 * debugger. PyTorch's IndexError maps to RangeError and its TypeError to TypeError.
 */

/** Asserts `fn` throws `type` with a message matching every pattern. */
function expectError(fn: () => unknown, type: new (...args: never[]) => Error, ...patterns: (RegExp | string)[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, "expected an error").toBeInstanceOf(type);
  for (const p of patterns) expect((error as Error).message).toMatch(p);
}

const f32 = (shape: number[]) => torch.ones(shape);

describe("shape errors", () => {
  it("broadcasting mismatch names the op, both shapes and the dimension", () => {
    expectError(() => f32([2, 3]).add(f32([4])), ShapeError, /^add:/, "[2, 3]", "[4]", /dimension 1/);
    expectError(() => torch.where(torch.ones([2], { dtype: "bool" }), f32([3]), 0), ShapeError, /^where:/, "[2]", "[3]");
    expectError(() => f32([3]).add_(f32([2, 3])), ShapeError, /^add_:/, "[3]", "[2, 3]");
  });

  it("matmul names the op and both matrix shapes", () => {
    expectError(() => f32([2, 3]).matmul(f32([4, 5])), ShapeError, /^matmul:/, "2x3", "4x5");
    expectError(() => f32([2, 2, 3]).matmul(f32([4])), ShapeError, /^matmul:/, "[2, 2, 3]", "[4]");
    expectError(() => f32([]).matmul(f32([3])), ShapeError, /^matmul:/, /0D/);
    expectError(() => f32([2, 3, 4]).mm(f32([4, 2])), ShapeError, /^mm:/, "[2, 3, 4]");
    expectError(() => f32([2, 3, 4]).bmm(f32([3, 4, 2])), ShapeError, /^bmm:/, /2 and 3/);
    expectError(() => f32([2, 3, 4]).matmul(f32([3, 4, 2])), ShapeError, /^matmul:/, "[2]", "[3]");
  });

  it("view incompatibility names the requested and actual size and strides", () => {
    expectError(() => f32([2, 3]).t().view(6), ShapeError, /^view:/, "[6]", "[3, 2]", "[1, 3]", /reshape/);
    expectError(() => f32([2, 3]).reshape(4), ShapeError, /^reshape:/, "[4]", /size 6/);
    expectError(() => f32([2, 3]).view(-1, -1), ShapeError, /^view:/, /one dimension/);
    expectError(() => f32([2, 3]).expand(4, 3), ShapeError, /^expand:/, /\(4\)/, /\(2\)/, "[2, 3]");
    expectError(() => f32([2, 3]).permute(0), ShapeError, /^permute:/, /2 dims/);
    expectError(() => torch.tensor([[1, 2], [3]]), ShapeError, /^tensor:/, /length 2/);
  });

  it("negative or fractional sizes name the op and the size", () => {
    expectError(() => torch.zeros([2, -1]), ShapeError, /^zeros:/, "-1", "[2, -1]");
    expectError(() => torch.empty([1.5]), ShapeError, /^empty:/, "1.5");
    expectError(() => torch.randn([-3]), ShapeError, /^randn:/, "-3");
  });
});

describe("dtype errors", () => {
  it("mismatched and unsupported dtypes name the op and the dtypes", () => {
    expectError(() => f32([2, 2]).matmul(torch.ones([2, 2], { dtype: "float64" })), DTypeError, /^matmul:/, "float32", "float64");
    expectError(() => f32([2]).bitwiseAnd(f32([2])), DTypeError, /^bitwiseAnd:/, "float32");
    expectError(() => torch.where(f32([2]), f32([2]), 0), DTypeError, /^where:/, "float32");
    expectError(() => f32([3]).gather(0, f32([2])), DTypeError, /^gather/, "float32");
    expectError(() => torch.ones([2], { dtype: "int64" }).mean(), DTypeError, /^mean/, "int64");
    expectError(() => torch.ones([2], { dtype: "bool" }).neg(), DTypeError, /^neg:/, /logicalNot/);
    expectError(() => torch.ones([2], { dtype: "bool" }).sub(torch.ones([2], { dtype: "bool" })), DTypeError, /^sub:/, /logicalXor/);
    expectError(() => f32([2]).maskedFill(f32([2]), 0), DTypeError, /^maskedFill:/, "float32");
  });

  it("in-place ops refuse to cast their result down to self's dtype", () => {
    expectError(() => torch.ones([2], { dtype: "int64" }).div_(2), DTypeError, /^div_:/, "float32", "int64");
    expectError(() => torch.ones([2], { dtype: "bool" }).add_(1), DTypeError, /^add_:/, "int64", "bool");
  });

  it("only floating tensors can require gradients", () => {
    expectError(() => torch.ones([2], { dtype: "int32", requiresGrad: true }), DTypeError, /requiresGrad/, "int32");
    expectError(() => torch.ones([2], { dtype: "int64" }).requiresGrad_(), DTypeError, /requiresGrad_/, "int64");
  });

  it("unknown dtype names are a TypeError listing the valid ones", () => {
    expectError(() => f32([2]).to({ dtype: "float8" as torch.DType }), TypeError, /^to:/, "float8", "bfloat16");
    expectError(() => torch.setDefaultDType("int32"), TypeError, /setDefaultDType/, "int32");
  });
});

describe("device errors", () => {
  beforeAll(() => {
    const reference = torch.backends.getBackendByName("reference");
    torch.backends.registerBackend({ ...reference, name: "fake-accelerator", deviceType: "fake", priority: 0 });
  });

  it("mixing devices names the op and both devices", () => {
    const onFake = torch.ones([2], { device: "fake" });
    expect(onFake.device.toString()).toBe("fake");
    expectError(() => onFake.add(f32([2])), DeviceError, /^add:/, "fake", "cpu");
    expectError(() => f32([2, 2]).matmul(torch.ones([2, 2], { device: "fake" })), DeviceError, /^matmul:/, "cpu", "fake");
    expectError(() => torch.where(torch.ones([2], { dtype: "bool", device: "fake" }), f32([2]), f32([2])), DeviceError, /^where:/, "fake", "cpu");
  });

  it("a device without a backend, and malformed device strings", () => {
    expectError(() => torch.ones([2], { device: "cuda" }), DeviceError, /'cuda'/, /@taimatsu\/cuda/);
    expectError(() => torch.ones([2], { device: "CPU 0" }), DeviceError, /'CPU 0'/);
    expectError(() => torch.backends.use("cpu", "no-such-backend"), DeviceError, /no-such-backend/, /reference/);
  });
});

describe("autograd errors", () => {
  it("backward on a non-scalar without a gradient names the shape", () => {
    const x = torch.ones([2, 3], { requiresGrad: true });
    expectError(() => x.mul(2).backward(), AutogradError, /^backward:/, /scalar/, "[2, 3]");
    expectError(() => x.mul(2).backward(torch.ones([3])), AutogradError, /^backward:/, "[3]", "[2, 3]");
  });

  it("backward twice without retainGraph names the node", () => {
    const x = torch.ones([2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    expectError(() => y.backward(), AutogradError, /second time/, /SumBackward|ExpBackward/, /retainGraph/);
    const z = x.exp().sum();
    z.backward(null, { retainGraph: true });
    expect(() => z.backward()).not.toThrow();
  });

  it("backward from a tensor that does not require grad", () => {
    expectError(() => f32([]).backward(), AutogradError, /does not require grad/);
  });

  it("in-place on a leaf that requires grad names the op", () => {
    const w = torch.ones([2], { requiresGrad: true });
    expectError(() => w.add_(1), AutogradError, /^add_:/, /leaf/, /noGrad/);
    expectError(() => w.zero_(), AutogradError, /^zero_:/, /leaf/);
    expect(() => torch.noGrad(() => w.add_(1))).not.toThrow();
  });

  it("in-place change of a tensor saved for backward names the node and the versions", () => {
    const x = torch.ones([3], { requiresGrad: true });
    const a = x.mul(2);
    const b = a.sin();
    a.add_(1);
    expectError(() => b.sum().backward(), AutogradError, /SinBackward0/, /inplace/, /version 1; expected version 0/, "[3]");
  });

  it("autograd.grad on an input the output does not use names its position", () => {
    const x = torch.ones([2], { requiresGrad: true });
    const unused = torch.ones([2], { requiresGrad: true });
    expectError(() => torch.autograd.grad(x.sum(), [x, unused]), AutogradError, /input 1/, /allowUnused/);
  });

  it("retainGrad and hooks on tensors that do not require grad", () => {
    expectError(() => f32([2]).retainGrad(), AutogradError, /retainGrad/);
    expectError(() => f32([2]).registerHook(() => undefined), AutogradError, /registerHook/);
    expectError(() => torch.ones([2], { requiresGrad: true }).mul(2).requiresGrad_(false), AutogradError, /leaf/);
  });
});

describe("bad arguments", () => {
  it("dims out of range are a RangeError with the valid range (PyTorch's IndexError)", () => {
    expectError(() => f32([2, 3]).sum(2), RangeError, /^sum:/, /\[-2, 1\]/, /got 2/);
    expectError(() => f32([2, 3]).softmax(-3), RangeError, /softmax/, /got -3/);
    expectError(() => f32([2, 3]).transpose(0, 5), RangeError, /^transpose:/, /got 5/);
    expectError(() => f32([2, 3]).size(3), RangeError, /^size:/, /got 3/);
    expectError(() => f32([2, 3]).stride(-3), RangeError, /^stride:/, /got -3/);
    expectError(() => f32([2, 3]).sum([1, 1]), RangeError, /^sum:/, /multiple times/);
  });

  it("indices out of range are a RangeError naming the index and the size", () => {
    expectError(() => f32([2, 3]).select(1, 3), RangeError, /^select:/, /index 3/, "[2, 3]");
    expectError(() => f32([2, 3]).narrow(1, 2, 2), RangeError, /^narrow:/, /size \(3\)/);
    expectError(() => f32([2, 3]).gather(1, torch.tensor([[0, 3]])), RangeError, /^gather/, /index 3/, /size 3/);
    expectError(() => f32([2, 3]).slice(1, 0, 2, 0), RangeError, /^slice:/, /step/);
    expectError(() => f32([2, 3]).item(), RangeError, /^item:/, /6 elements/);
  });

  it("other invalid arguments", () => {
    expectError(() => torch.arange(0, 5, 0), RangeError, /^arange:/, /nonzero/);
    expectError(() => torch.randint(5, 2, [3]), RangeError, /^randint:/, /from=5/);
    expectError(() => f32([2]).clamp(), TypeError, /^clamp:/);
    expectError(() => torch.tensor(f32([2]) as never), TypeError, /^tensor:/, /clone/);
    expectError(() => f32([2, 3]).index(0, 0, 0), ShapeError, /^index:/, /too many indices/);
  });

  it("a disposed tensor names the op that used it", () => {
    const t = f32([1]);
    t.dispose();
    expectError(() => t.mul(2), Error, /^mul:/, /disposed/);
    expectError(() => t.item(), Error, /^item:/, /disposed/);
  });
});
