// The elementwise loop engine: walks N same-shaped views together.
//
// A plan drops size-1 dims, orders dims so the output's smallest stride is
// innermost, and merges dims that are contiguous in every operand, so most
// views collapse to one or two dims. Kernels then only see inner rows
// (pointers plus byte strides plus a count) and specialise those rows for the
// contiguous and scalar-broadcast cases.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <utility>

#include "parallel.h"
#include "view.h"

namespace taimatsu {

template <int N> struct Plan {
  int ndim = 0;
  int64_t numel = 1;
  int64_t shape[kMaxDims];
  int64_t strides[N][kMaxDims];  // bytes
  char* base[N];
};

// `reorder` = false keeps row-major order, for kernels whose result depends on it.
template <int N> Plan<N> make_plan(const View* const (&views)[N], bool reorder = true) {
  Plan<N> p;
  const View& out = *views[0];
  for (int k = 0; k < N; k++) {
    if (views[k]->ndim != out.ndim) fail("cpu-native: operands differ in rank");
    p.base[k] = views[k]->data;
  }
  // keep non-trivial dims, each with its byte strides
  int order[kMaxDims];
  int n = 0;
  for (int d = 0; d < out.ndim; d++) {
    for (int k = 1; k < N; k++)
      if (views[k]->shape[d] != out.shape[d]) fail("cpu-native: operand shapes differ");
    p.numel *= out.shape[d];
    if (out.shape[d] != 1) order[n++] = d;
  }
  // stable insertion sort: larger |output stride| outer, so writes stream
  for (int i = 1; reorder && i < n; i++) {
    int d = order[i];
    int j = i;
    while (j > 0 && std::llabs(out.strides[order[j - 1]]) < std::llabs(out.strides[d])) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = d;
  }
  for (int i = 0; i < n; i++) {
    int d = order[i];
    p.shape[i] = out.shape[d];
    for (int k = 0; k < N; k++) p.strides[k][i] = views[k]->strides[d] * views[k]->itemsize();
  }
  // merge dim i into i+1 when every operand steps through both as one run
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (m > 0) {
      bool mergeable = true;
      for (int k = 0; k < N && mergeable; k++) mergeable = p.strides[k][m - 1] == p.strides[k][i] * p.shape[i];
      if (mergeable) {
        p.shape[m - 1] *= p.shape[i];
        for (int k = 0; k < N; k++) p.strides[k][m - 1] = p.strides[k][i];
        continue;
      }
    }
    p.shape[m] = p.shape[i];
    for (int k = 0; k < N; k++) p.strides[k][m] = p.strides[k][i];
    m++;
  }
  if (m == 0) {  // a single element
    p.shape[0] = 1;
    for (int k = 0; k < N; k++) p.strides[k][0] = 0;
    m = 1;
  }
  p.ndim = m;
  return p;
}

// Runs inner(ptrs, inner byte strides, count) over elements [begin, end) of the plan.
// `base` (optional) replaces the plan's base pointers, to reuse one plan at many offsets.
template <int N, class Inner>
void run_range(const Plan<N>& p, int64_t begin, int64_t end, Inner& inner, char* const* base = nullptr) {
  const int last = p.ndim - 1;
  int64_t idx[kMaxDims];
  char* row[N];  // start of the current innermost row
  for (int k = 0; k < N; k++) row[k] = base ? base[k] : p.base[k];
  int64_t col = begin % p.shape[last];
  int64_t rem = begin / p.shape[last];
  for (int d = last - 1; d >= 0; d--) {
    idx[d] = rem % p.shape[d];
    rem /= p.shape[d];
    for (int k = 0; k < N; k++) row[k] += idx[d] * p.strides[k][d];
  }
  int64_t inner_strides[N];
  for (int k = 0; k < N; k++) inner_strides[k] = p.strides[k][last];
  int64_t todo = end - begin;
  char* ptr[N];
  while (todo > 0) {
    int64_t count = p.shape[last] - col;
    if (count > todo) count = todo;
    for (int k = 0; k < N; k++) ptr[k] = row[k] + col * inner_strides[k];
    inner(ptr, inner_strides, count);
    todo -= count;
    if (todo == 0) break;
    col = 0;
    // next row: carry through the outer dims like an odometer
    for (int d = last - 1; d >= 0; d--) {
      for (int k = 0; k < N; k++) row[k] += p.strides[k][d];
      if (++idx[d] < p.shape[d]) break;
      for (int k = 0; k < N; k++) row[k] -= p.shape[d] * p.strides[k][d];
      idx[d] = 0;
    }
  }
}

// Elementwise cost classes, in elements per parallel chunk: a chunk should be
// tens of microseconds of work, or waking a thread costs more than it saves.
constexpr int64_t kGrainCheap = 1 << 16;    // add, copy, compare
constexpr int64_t kGrainCostly = 1 << 13;   // exp, sin, erf, pow

// Elementwise update over N views of element type T: body(T&... elements) per
// element, with a plain-pointer loop (vectorisable) when every row is dense.
template <class T, int N, class Body> void for_each_element(const Plan<N>& p, int64_t grain, Body&& body);

template <int N, class Inner> void for_each(const Plan<N>& p, int64_t grain, Inner&& inner) {
  if (p.numel == 0) return;
  parallel_for(0, p.numel, grain, [&](int64_t b, int64_t e) { run_range(p, b, e, inner); });
}

template <class T, class Body, size_t... K>
inline void element(T* const* q, int64_t i, Body& body, std::index_sequence<K...>) {
  body(q[K][i]...);
}
template <class T, class Body, size_t... K>
inline void strided(char* const* ptr, const int64_t* s, int64_t i, Body& body, T*, std::index_sequence<K...>) {
  body(*reinterpret_cast<T*>(ptr[K] + i * s[K])...);
}

template <class T, int N, class Body> void for_each_element(const Plan<N>& p, int64_t grain, Body&& body) {
  for_each(p, grain, [&](char** ptr, const int64_t* s, int64_t n) {
    bool dense = true;
    for (int k = 0; k < N; k++) dense = dense && s[k] == static_cast<int64_t>(sizeof(T));
    T* q[N];
    for (int k = 0; k < N; k++) q[k] = reinterpret_cast<T*>(ptr[k]);
    if (dense) {
      for (int64_t i = 0; i < n; i++) element(q, i, body, std::make_index_sequence<N>{});
    } else {
      for (int64_t i = 0; i < n; i++) strided(ptr, s, i, body, static_cast<T*>(nullptr), std::make_index_sequence<N>{});
    }
  });
}

}  // namespace taimatsu
