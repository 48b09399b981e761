// Portable SIMD through the GCC/Clang vector extension: the compiler maps the
// vectors onto whatever the target has (AVX-512, AVX2, SSE, NEON, WebAssembly
// SIMD), so no intrinsics appear in the generic path. Other compilers get
// nothing: the addon targets GCC and Clang (including Emscripten).
#pragma once

#include <cstring>

namespace taimatsu::simd {

#if defined(__AVX512F__)
constexpr int kBytes = 64;
#elif defined(__AVX__)
constexpr int kBytes = 32;
#else
constexpr int kBytes = 16;
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TM_VECTOR_EXT 1
template <class T> struct Vec {
  typedef T type __attribute__((vector_size(kBytes)));
};
template <class T> using vec_t = typename Vec<T>::type;
#else
#error "the builtin GEMM needs the GCC/Clang vector extension (build with GCC or Clang)"
#endif

template <class T> constexpr int lanes() { return kBytes / static_cast<int>(sizeof(T)); }

template <class T> inline vec_t<T> load(const T* p) {
  vec_t<T> v;
  std::memcpy(&v, p, sizeof(v));  // compiles to one unaligned vector load
  return v;
}
template <class T> inline void store(T* p, const vec_t<T>& v) { std::memcpy(p, &v, sizeof(v)); }
// x - 0 is x exactly (-0 and NaN included) and compiles to a single broadcast
template <class T> inline vec_t<T> splat(T x) { return x - vec_t<T>{}; }

const char* name();

}  // namespace taimatsu::simd
