import type { DType } from "@taimatsu/core";
import { wgslOf } from "./dtype-wgsl.js";

/** Zero, one, `a + b` and `a * b` in a dtype's compute type (int64 through the emulation library). */
export function arithmetic(dtype: DType) {
  const t = wgslOf(dtype).compute;
  if (t === "vec2u") {
    return {
      zero: "vec2u(0u)",
      one: "vec2u(1u, 0u)",
      add: (a: string, b: string) => `i64_add(${a}, ${b})`,
      mul: (a: string, b: string) => `i64_mul(${a}, ${b})`,
    };
  }
  const [zero, one] = t === "f32" ? ["0.0", "1.0"] : t === "i32" ? ["0i", "1i"] : ["0u", "1u"];
  return { zero, one, add: (a: string, b: string) => `(${a} + ${b})`, mul: (a: string, b: string) => `(${a} * ${b})` };
}
