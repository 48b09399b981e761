/**
 * Special functions PyTorch has as elementwise ops: erfinv, lgamma, digamma
 * and polygamma(1) (trigamma, digamma's derivative). They are not
 * primitives; each is a short series written with tensor ops, computed in
 * float64 where the backend computes in it (float32 otherwise) and rounded
 * once to the result dtype, with its exact derivative as the gradient.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { getDefaultDType } from "./creation.js";
import { installMethods } from "./methods.js";
import { where } from "./selection.js";
import type { Tensor } from "../tensor.js";

declare module "../tensor.js" {
  interface Tensor {
    erfinv(): Tensor;
    lgamma(): Tensor;
    digamma(): Tensor;
    polygamma(n: number): Tensor;
  }
}

/** Integers and bools become the default float dtype, as PyTorch's unary float ops. */
function resultDType(x: Tensor): DType {
  return isFloatingPoint(x.dtype) ? x.dtype : getDefaultDType();
}

/** The dtype the series run in: float64 when the backend computes in it. */
function working(x: Tensor): Tensor {
  const wide = (x.storage.backend.computeDTypes ?? ["float64"]).includes("float64") ? "float64" : "float32";
  return x.to(wide);
}

function elementwise(name: string, x: Tensor, series: (w: Tensor) => Tensor, derivative: (x: Tensor, out: Tensor) => Tensor): Tensor {
  const dtype = resultDType(x);
  const out = noGrad(() => series(working(x)).to(dtype));
  return record(name, [x], out, ([g]) => [g!.mul(noGrad(() => derivative(x, out)))], [x, out]);
}

const SQRT_PI = Math.sqrt(Math.PI);

/** Horner's rule over coefficients from the highest power down. */
function poly(w: Tensor, coefficients: readonly number[]): Tensor {
  let p = w.mul(0).add(coefficients[0]!);
  for (let i = 1; i < coefficients.length; i++) p = p.mul(w).add(coefficients[i]!);
  return p;
}

/** M. Giles' single-precision erfinv polynomials (central and tail), then refined by Newton's method on erf. */
const ERFINV_CENTRAL = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
const ERFINV_TAIL = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];

function erfinvSeries(y: Tensor): Tensor {
  const inside = y.abs().lt(1);
  const safe = where(inside, y, 0);
  const w = safe.mul(safe).rsub(1).log().neg();
  const central = poly(w.sub(2.5), ERFINV_CENTRAL);
  const tail = poly(w.where(w.ge(5), 5).sqrt().sub(3), ERFINV_TAIL);
  let x = where(w.lt(5), central, tail).mul(safe);
  for (let i = 0; i < 2; i++) x = x.sub(x.erf().sub(safe).div(x.mul(x).neg().exp().mul(2 / SQRT_PI)));
  // ±1 → ±inf, beyond → NaN, NaN stays NaN
  return where(inside, x, where(y.abs().eq(1), y.mul(Infinity), NaN));
}

/** Lanczos' approximation (g = 7, nine terms), with the reflection formula below 1/2. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

function lgammaPositive(x: Tensor): Tensor {
  const z = x.sub(1);
  let a = z.mul(0).add(LANCZOS[0]!);
  for (let i = 1; i < LANCZOS.length; i++) a = a.add(z.add(i).reciprocal().mul(LANCZOS[i]!));
  const t = z.add(7.5);
  return z.add(0.5).mul(t.log()).sub(t).add(a.log()).add(HALF_LOG_TWO_PI);
}

function lgammaSeries(x: Tensor): Tensor {
  const reflect = x.lt(0.5);
  const direct = lgammaPositive(where(reflect, x.rsub(1), x));
  const reflected = x.mul(Math.PI).sin().abs().reciprocal().mul(Math.PI).log().sub(direct);
  // the poles: sin(πx) rounds to a tiny non-zero value there, which would give a large finite result
  const pole = reflect.logicalAnd(x.eq(x.floor()));
  return where(x.isinf().logicalOr(pole), Infinity, where(reflect, reflected, direct));
}

/** Terms shifted up by SHIFT (recurrence) before the asymptotic series, which is then accurate to float64. */
const SHIFT = 10;

function digammaPositive(x: Tensor): Tensor {
  let sum = x.reciprocal();
  for (let k = 1; k < SHIFT; k++) sum = sum.add(x.add(k).reciprocal());
  const z = x.add(SHIFT);
  const r2 = z.mul(z).reciprocal();
  // log z - 1/(2z) - Σ B_2k / (2k z^2k)
  const tail = poly(r2, [-1 / 132, 1 / 240, -1 / 252, 1 / 120, -1 / 12, 0]);
  return z.log().sub(z.reciprocal().mul(0.5)).add(tail).sub(sum);
}

function digammaSeries(x: Tensor): Tensor {
  const reflect = x.lt(0);
  const direct = digammaPositive(where(reflect, x.rsub(1), x));
  const reflected = direct.sub(x.mul(Math.PI).tan().reciprocal().mul(Math.PI));
  const negativeInteger = reflect.logicalAnd(x.eq(x.floor()));
  return where(x.eq(Infinity), Infinity, where(negativeInteger, NaN, where(reflect, reflected, direct)));
}

function trigammaPositive(x: Tensor): Tensor {
  let sum = x.mul(x).reciprocal();
  for (let k = 1; k < SHIFT; k++) sum = sum.add(x.add(k).pow(2).reciprocal());
  const z = x.add(SHIFT);
  const r = z.reciprocal();
  const r2 = r.mul(r);
  // 1/z + 1/(2z²) + Σ B_2k / z^(2k+1)
  const tail = poly(r2, [-1 / 30, 1 / 42, -1 / 30, 1 / 6, 0]).mul(r);
  return r.add(r2.mul(0.5)).add(tail).add(sum);
}

function trigammaSeries(x: Tensor): Tensor {
  const reflect = x.lt(0);
  const direct = trigammaPositive(where(reflect, x.rsub(1), x));
  const s = x.mul(Math.PI).sin();
  const reflected = s.mul(s).reciprocal().mul(Math.PI * Math.PI).sub(direct);
  return where(x.eq(Infinity), 0, where(reflect, reflected, direct));
}

/** `torch.erfinv`: the inverse of erf on (-1, 1); ±1 give ±inf. Gradient √π/2 · exp(erfinv(x)²). */
export function erfinv(x: Tensor): Tensor {
  return elementwise("ErfinvBackward0", x, erfinvSeries, (_, out) => out.mul(out).exp().mul(SQRT_PI / 2));
}

/** `torch.lgamma`: log |Γ(x)|; inf at 0 and the negative integers. Gradient digamma(x). */
export function lgamma(x: Tensor): Tensor {
  return elementwise("LgammaBackward0", x, lgammaSeries, (input) => digamma(input));
}

/** `torch.digamma`: Γ'/Γ; -inf at 0 (as PyTorch), NaN at the negative integers. Gradient polygamma(1, x). */
export function digamma(x: Tensor): Tensor {
  return elementwise("DigammaBackward0", x, digammaSeries, (input) => polygamma(1, input));
}

/** `torch.polygamma(n, x)` for n = 0 (digamma) and n = 1 (trigamma). */
export function polygamma(n: number, x: Tensor): Tensor {
  if (n === 0) return digamma(x);
  if (n !== 1) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`polygamma: n must be a non-negative integer (got ${n})`);
    throw new RangeError(`polygamma: only n = 0 and n = 1 are implemented (got n = ${n})`);
  }
  return elementwise("PolygammaBackward0", x, trigammaSeries, () => {
    throw new RangeError("polygamma: the gradient of polygamma(1, x) needs polygamma(2, x), which is not implemented");
  });
}

installMethods({
  erfinv() { return erfinv(this); },
  lgamma() { return lgamma(this); },
  digamma() { return digamma(this); },
  polygamma(n: number) { return polygamma(n, this); },
});
