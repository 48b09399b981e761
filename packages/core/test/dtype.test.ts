import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { DType } from "../src/index.js";
import { bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBFloat16Bits, float32ToFloat16Bits } from "../src/dtype.js";

const DTYPES: DType[] = ["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "bool"];

/** torch.promote_types(row, column) from PyTorch 1.13, in DTYPES order. */
const PROMOTION = `
float32  float32 float64 float32 float32 float32 float32 float32 float32
float64  float64 float64 float64 float64 float64 float64 float64 float64
float16  float32 float64 float16 float32 float16 float16 float16 float16
bfloat16 float32 float64 float32 bfloat16 bfloat16 bfloat16 bfloat16 bfloat16
int32    float32 float64 float16 bfloat16 int32 int64 int32 int32
int64    float32 float64 float16 bfloat16 int64 int64 int64 int64
uint8    float32 float64 float16 bfloat16 int32 int64 uint8 uint8
bool     float32 float64 float16 bfloat16 int32 int64 uint8 bool`;

describe("type promotion", () => {
  const rows = PROMOTION.trim().split("\n").map((line) => line.trim().split(/\s+/));
  for (const [a, ...results] of rows) {
    it(`promoteTypes(${a}, *) matches PyTorch`, () => {
      expect(DTYPES.map((b) => torch.promoteTypes(a as DType, b))).toEqual(results);
    });
  }

  it("ops give PyTorch's result dtype for tensors of different rank and for JS scalars", () => {
    const t = (dtype: DType, shape: number[] = [2]) => torch.ones(shape, { dtype });
    const cases: [torch.Tensor, DType][] = [
      [t("int32").add(2.5), "float32"],
      [t("uint8").add(t("int64", [])), "uint8"],
      [t("int32").add(t("float64", [])), "float64"],
      [t("bool").add(1), "int64"],
      [t("float16").add(2.5), "float16"],
      [t("bool").add(true), "bool"],
      [t("int64", []).add(t("float32", [])), "float32"],
      [t("int32").add(t("float16", [])), "float16"],
      [t("int64").div(t("int64")), "float32"],
      [t("int32").sum(), "int64"],
      [t("bool").sum(), "int64"],
      [t("int32").exp(), "float32"],
      [t("uint8").eq(1), "bool"],
      [t("float16").matmul(t("float16")), "float16"],
    ];
    expect(cases.map(([x]) => x.dtype)).toEqual(cases.map(([, d]) => d));
  });

  it("resultType follows the same rules without computing anything", () => {
    expect(torch.resultType([{ dtype: "int32", ndim: 1 }, { scalar: "float" }])).toBe("float32");
    expect(torch.resultType([{ dtype: "uint8", ndim: 2 }, { dtype: "int64", ndim: 0 }])).toBe("uint8");
    expect(torch.resultType([{ scalar: "int" }, { scalar: "bool" }])).toBe("int64");
    expect(torch.resultType([{ dtype: "int64", ndim: 1 }, { scalar: "float" }], "float64")).toBe("float64");
  });
});

describe("conversions", () => {
  it("float to integer truncates toward zero, anything to bool is x != 0, integers wrap", () => {
    expect(torch.tensor([-1.5, 2.7]).to("int64").tolist()).toEqual([-1, 2]);
    expect(torch.tensor([0.5, 0, -0]).to("bool").tolist()).toEqual([true, false, false]);
    expect(torch.tensor([300, -1], { dtype: "float32" }).to("uint8").tolist()).toEqual([44, 255]);
    expect(torch.tensor([250], { dtype: "uint8" }).add(10).dtype).toBe("uint8");
    expect(torch.tensor([250], { dtype: "uint8" }).add(10).tolist()).toEqual([4]);
  });

  it("float16 rounds to nearest even, saturates to infinity and keeps subnormals (bit patterns from PyTorch)", () => {
    const values = [65504, 65520, 1e-8, 0.1, -0, 1 / 3, 2049, 6e-8];
    const bits = [31743, 31744, 0, 11878, 0x8000, 13653, 26624, 1];
    expect(values.map(float32ToFloat16Bits)).toEqual(bits);
    expect(Array.from(torch.tensor(values, { dtype: "float16" }).dataSync() as Uint16Array)).toEqual(bits);
    expect(bits.map(float16BitsToFloat32)).toEqual([65504, Infinity, 0, 0.0999755859375, -0, 0.333251953125, 2048, 5.960464477539063e-8]);
  });

  it("bfloat16 rounds to nearest even (bit patterns from PyTorch)", () => {
    const values = [3.4e38, 0.1, -0, 1 / 3, 257, 1e-40];
    const bits = [32640, 15821, 0x8000, 16043, 17280, 1];
    expect(values.map(float32ToBFloat16Bits)).toEqual(bits);
    expect(bits.map(bfloat16BitsToFloat32).slice(0, 5)).toEqual([Infinity, 0.10009765625, -0, 0.333984375, 256]);
  });

  it("half types compute in float32 and round once", () => {
    const x = torch.tensor([1, 2049, 0.1], { dtype: "float16" });
    // 2049 is not a float16: it is stored as 2048, and 2048 + 1 rounds back to 2048 (ties to even)
    expect(x.add(1).tolist()).toEqual([2, 2048, 1.099609375]);
    expect(x.to("float32").add(1).to("float16").tolist()).toEqual(x.add(1).tolist());
  });

  it("every dtype round-trips through a tensor", () => {
    for (const dtype of DTYPES) {
      const t = torch.tensor([0, 1, 1, 0], { dtype });
      expect([t.dtype, t.elementSize(), t.tolist()]).toEqual([dtype, torch.itemSize(dtype), dtype === "bool" ? [false, true, true, false] : [0, 1, 1, 0]]);
    }
    expect(torch.tensor([2n ** 52n, -3n]).dataSync()).toEqual(BigInt64Array.of(2n ** 52n, -3n));
    expect(DTYPES.filter(torch.isFloatingPoint)).toEqual(["float32", "float64", "float16", "bfloat16"]);
  });
});
