/**
 * WGSL helpers for float32 arithmetic with C/PyTorch semantics where WGSL's
 * builtins leave it open: NaN tests by bit pattern (a shader compiler may
 * assume `x != x` is false), pow of negative bases, tanh without overflow, erf.
 */
export const FLOAT_WGSL = /* wgsl */ `
// NaN and infinity made at run time: WGSL refuses them as constants
fn f_nan() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn f_inf() -> f32 { var bits = 0x7f800000u; return bitcast<f32>(bits); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn to_bool_f32(x: f32) -> u32 { return select(0u, 1u, (bitcast<u32>(x) & 0x7fffffffu) != 0u); }
fn to_bool_i32(x: i32) -> u32 { return select(0u, 1u, x != 0); }
fn to_bool_u32(x: u32) -> u32 { return select(0u, 1u, x != 0u); }
fn to_bool_vec2u(x: vec2u) -> u32 { return select(0u, 1u, any(x != vec2u(0u))); }
fn f32_to_i32(x: f32) -> i32 {
  if (is_nan(x)) { return 0; }
  if (abs(x) < 2147483648.0) { return i32(x); }
  // beyond int32 a C cast is undefined; PyTorch's CPU wraps through int64: keep the low 32 bits
  return bitcast<i32>(i64_from_f32(x).x);
}
// log, sin and cos with IEEE special values and float32 accuracy (a device's builtins may
// approximate: SwiftShader's log(0) is -88 and its sin is off in the 4th digit)
fn f_log(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return f_nan(); }
  if (x == 0.0) { return -f_inf(); }
  if (x == f_inf()) { return x; }
  return log(x);
}
fn sin_poly(r: f32) -> f32 {
  let z = r * r;
  return ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
}
fn cos_poly(r: f32) -> f32 {
  let z = r * r;
  return ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
}
/** x = k * pi/2 + r with |r| <= pi/4 (pi/2 split in three so that k * part is exact): (r, k mod 4). */
fn quadrant(x: f32) -> vec2f {
  let k = round(x * 0.636619772367581343);
  let r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  return vec2f(r, f32(i32(k) & 3));
}
fn f_sin(x: f32) -> f32 {
  if (is_nan(x) || abs(x) == f_inf()) { return f_nan(); }
  let q = quadrant(x);
  let s = sin_poly(q.x);
  let c = cos_poly(q.x);
  return select(select(select(-c, -s, q.y == 2.0), c, q.y == 1.0), s, q.y == 0.0);
}
fn f_cos(x: f32) -> f32 {
  if (is_nan(x) || abs(x) == f_inf()) { return f_nan(); }
  let q = quadrant(x);
  let s = sin_poly(q.x);
  let c = cos_poly(q.x);
  return select(select(select(s, -c, q.y == 2.0), -s, q.y == 1.0), c, q.y == 0.0);
}
fn f_sign(x: f32) -> f32 { return select(select(x, -1.0, x < 0.0), 1.0, x > 0.0); }
fn f_maximum(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return f_nan(); } return max(a, b); }
fn f_minimum(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return f_nan(); } return min(a, b); }
fn f_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.0005) { return x; }
  let t = exp(-2.0 * min(ax, 20.0));
  let r = (1.0 - t) / (1.0 + t);
  return select(r, -r, x < 0.0);
}
fn f_sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
fn f_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  if (a == 1.0) { return 1.0; }
  let b_int = trunc(b) == b;
  let b_odd = b_int && abs(b) < 16777216.0 && (i32(abs(b)) & 1) == 1;
  if (a == 0.0) {
    if (b > 0.0) { return select(0.0, a, b_odd); }
    let inf = f_inf();
    return select(inf, select(inf, -inf, bitcast<u32>(a) == 0x80000000u), b_odd);
  }
  if (a < 0.0) {
    if (!b_int) { return f_nan(); }
    let m = exp2(b * log2(-a));
    return select(m, -m, b_odd);
  }
  return exp2(b * log2(a));
}
fn f_fmod(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b) || b == 0.0 || abs(a) == f_inf()) { return f_nan(); }
  if (abs(b) == f_inf()) { return a; }
  let r = a - b * trunc(a / b);
  // keep the sign of a, as C's fmod does (also for a zero result)
  return select(r, -abs(r), a < 0.0 && r == 0.0);
}
fn f_remainder(a: f32, b: f32) -> f32 {
  let r = f_fmod(a, b);
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { return r + b; }
  return r;
}
fn f_logaddexp(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  if (a == -f_inf()) { return b; }
  if (b == -f_inf()) { return a; }
  let m = max(a, b);
  if (m == f_inf()) { return m; }
  return m + f_log(exp(a - m) + exp(b - m));
}
fn f_erf(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.5) {
    let t = x * x;
    let p = (((0.18577770618 * t + 3.1611237438) * t + 113.86415415) * t + 377.48523768) * t + 3209.3775891;
    let q = (((t + 23.601290952) * t + 244.02463793) * t + 1282.6165260) * t + 2844.2368333;
    return x * p / q;
  }
  if (ax >= 4.0) { return select(-1.0, 1.0, x > 0.0); }
  // Abramowitz-Stegun 7.1.26 is too coarse here; a rational fit of erfc(x) * exp(x^2) on [0.5, 4)
  let n = ((((((((0.0000000215311535 * ax + 0.56418849698) * ax + 8.8831497902) * ax + 66.119190637) * ax + 298.63513820) * ax + 881.95222124) * ax + 1712.0476126) * ax + 2051.0783778) * ax + 1230.3393548);
  let d = (((((((ax + 15.744926111) * ax + 117.69395089) * ax + 537.18110186) * ax + 1621.3895746) * ax + 3290.7992357) * ax + 4362.6190901) * ax + 3439.3676741) * ax + 1230.3393548;
  let erfc = exp(-ax * ax) * n / d;
  return select(erfc - 1.0, 1.0 - erfc, x > 0.0);
}
`;
