/**
 * Emulated int64 in WGSL: a value is `vec2u(lo, hi)`, two's complement, so
 * add, sub and mul wrap as on the CPU and every int64 is exact.
 */
export const INT64_WGSL = /* wgsl */ `
fn i64_from_i32(v: i32) -> vec2u { return vec2u(bitcast<u32>(v), select(0u, 0xffffffffu, v < 0)); }
fn i64_is_neg(a: vec2u) -> bool { return (a.y >> 31u) == 1u; }
fn i64_add(a: vec2u, b: vec2u) -> vec2u {
  let lo = a.x + b.x;
  return vec2u(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}
fn i64_neg(a: vec2u) -> vec2u { return i64_add(~a, vec2u(1u, 0u)); }
fn i64_sub(a: vec2u, b: vec2u) -> vec2u { return i64_add(a, i64_neg(b)); }
fn i64_abs(a: vec2u) -> vec2u { return select(a, i64_neg(a), i64_is_neg(a)); }
fn u32_mul_wide(a: u32, b: u32) -> vec2u {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2u((p00 & 0xffffu) | (mid << 16u), p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u));
}
fn i64_mul(a: vec2u, b: vec2u) -> vec2u {
  let p = u32_mul_wide(a.x, b.x);
  return vec2u(p.x, p.y + a.x * b.y + a.y * b.x);
}
fn i64_eq(a: vec2u, b: vec2u) -> bool { return all(a == b); }
fn i64_lt(a: vec2u, b: vec2u) -> bool {
  if (a.y != b.y) { return bitcast<i32>(a.y) < bitcast<i32>(b.y); }
  return a.x < b.x;
}
fn u64_lt(a: vec2u, b: vec2u) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
fn i64_max(a: vec2u, b: vec2u) -> vec2u { return select(a, b, i64_lt(a, b)); }
fn i64_min(a: vec2u, b: vec2u) -> vec2u { return select(a, b, i64_lt(b, a)); }
fn i64_sign(a: vec2u) -> vec2u {
  if (i64_is_neg(a)) { return vec2u(0xffffffffu, 0xffffffffu); }
  return select(vec2u(0u), vec2u(1u, 0u), any(a != vec2u(0u)));
}
fn i64_to_f32(a: vec2u) -> f32 {
  let m = i64_abs(a);
  let v = f32(m.y) * 4294967296.0 + f32(m.x);
  return select(v, -v, i64_is_neg(a));
}
fn i64_from_f32(x: f32) -> vec2u {
  if ((bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u) { return vec2u(0u); }
  let a = min(trunc(abs(x)), 9223371487098961920.0);
  let hi = floor(a / 4294967296.0);
  let m = vec2u(u32(a - hi * 4294967296.0), u32(hi));
  return select(m, i64_neg(m), x < 0.0);
}
/** Unsigned division by shift and subtract: (quotient, remainder); d == 0 gives (0, n). */
fn u64_divmod(n: vec2u, d: vec2u) -> array<vec2u, 2> {
  var q = vec2u(0u);
  var r = vec2u(0u);
  if (all(d == vec2u(0u))) { return array<vec2u, 2>(q, n); }
  for (var i = 63i; i >= 0; i--) {
    r = vec2u(r.x << 1u, (r.y << 1u) | (r.x >> 31u));
    let bit = select((n.x >> u32(i)) & 1u, (n.y >> u32(i - 32)) & 1u, i >= 32);
    r.x = r.x | bit;
    if (!u64_lt(r, d)) {
      r = i64_sub(r, d);
      if (i >= 32) { q.y = q.y | (1u << u32(i - 32)); } else { q.x = q.x | (1u << u32(i)); }
    }
  }
  return array<vec2u, 2>(q, r);
}
/** Truncating division and C's remainder (sign of a). */
fn i64_divmod_trunc(a: vec2u, b: vec2u) -> array<vec2u, 2> {
  let qr = u64_divmod(i64_abs(a), i64_abs(b));
  let q = select(qr[0], i64_neg(qr[0]), i64_is_neg(a) != i64_is_neg(b));
  let r = select(qr[1], i64_neg(qr[1]), i64_is_neg(a));
  return array<vec2u, 2>(q, r);
}
fn i64_fmod(a: vec2u, b: vec2u) -> vec2u { return i64_divmod_trunc(a, b)[1]; }
fn i64_remainder(a: vec2u, b: vec2u) -> vec2u {
  let r = i64_fmod(a, b);
  if (any(r != vec2u(0u)) && i64_is_neg(r) != i64_is_neg(b)) { return i64_add(r, b); }
  return r;
}
fn i64_floor_divide(a: vec2u, b: vec2u) -> vec2u {
  let qr = i64_divmod_trunc(a, b);
  if (any(qr[1] != vec2u(0u)) && i64_is_neg(a) != i64_is_neg(b)) { return i64_sub(qr[0], vec2u(1u, 0u)); }
  return qr[0];
}
fn i64_pow(a: vec2u, b: vec2u) -> vec2u {
  if (i64_is_neg(b)) {
    // integers to negative powers: only 1 and -1 have integer results
    if (i64_eq(a, vec2u(1u, 0u))) { return a; }
    if (i64_eq(a, vec2u(0xffffffffu))) { return select(vec2u(1u, 0u), a, (b.x & 1u) == 1u); }
    return vec2u(0u);
  }
  var result = vec2u(1u, 0u);
  var base = a;
  var e = b;
  for (var i = 0u; i < 64u && any(e != vec2u(0u)); i++) {
    if ((e.x & 1u) == 1u) { result = i64_mul(result, base); }
    base = i64_mul(base, base);
    e = vec2u((e.x >> 1u) | (e.y << 31u), e.y >> 1u);
  }
  return result;
}
fn i32_pow(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) == 1); }
    return 0;
  }
  var result = 1i;
  var base = a;
  var e = b;
  for (var i = 0u; i < 32u && e != 0; i++) {
    if ((e & 1) == 1) { result = result * base; }
    base = base * base;
    e = e >> 1u;
  }
  return result;
}
fn u32_pow(a: u32, b: u32) -> u32 {
  var result = 1u;
  var base = a;
  var e = b;
  for (var i = 0u; i < 32u && e != 0u; i++) {
    if ((e & 1u) == 1u) { result = result * base; }
    base = base * base;
    e = e >> 1u;
  }
  return result;
}
fn i32_floor_divide(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let q = a / b;
  if ((a % b) != 0 && ((a < 0) != (b < 0))) { return q - 1; }
  return q;
}
fn i32_remainder(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { return r + b; }
  return r;
}
fn i32_fmod(a: i32, b: i32) -> i32 { if (b == 0) { return 0; } return a % b; }
`;
