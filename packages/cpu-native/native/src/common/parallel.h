// Intra-op parallelism. `parallel_for` splits [begin, end) into at most
// num_threads() chunks of at least `grain` items; below one grain it runs
// inline, so tiny tensors never touch the thread pool. Nested calls (from
// inside a chunk) run inline too.
//
// The pool is OpenMP when the addon was built with it, otherwise a small
// persistent std::thread pool (parallel_pool.cc); both live behind run_chunks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

namespace taimatsu {

// A non-owning callable reference: cheaper than std::function, no allocation.
template <class Sig> class FnRef;
template <class R, class... A> class FnRef<R(A...)> {
 public:
  template <class F>
  FnRef(F& f) : obj_(&f), call_([](void* o, A... a) -> R { return (*static_cast<F*>(o))(std::forward<A>(a)...); }) {}
  R operator()(A... a) const { return call_(obj_, std::forward<A>(a)...); }

 private:
  void* obj_;
  R (*call_)(void*, A...);
};

int num_threads();
void set_num_threads(int n);
int default_num_threads();
bool in_parallel_region();
const char* threading_backend();  // "openmp" or "pool"

// Runs fn(chunk) for chunk in [0, chunks) on up to `chunks` threads; rethrows the first exception.
void run_chunks(int chunks, FnRef<void(int)> fn);

template <class F> inline void parallel_for(int64_t begin, int64_t end, int64_t grain, F&& fn) {
  int64_t n = end - begin;
  if (n <= 0) return;
  int nt = num_threads();
  if (grain < 1) grain = 1;
  if (nt <= 1 || n <= grain || in_parallel_region()) {
    fn(begin, end);
    return;
  }
  int chunks = static_cast<int>(std::min<int64_t>(nt, (n + grain - 1) / grain));
  int64_t step = (n + chunks - 1) / chunks;
  auto body = [&](int c) {
    int64_t lo = begin + c * step;
    int64_t hi = std::min(end, lo + step);
    if (lo < hi) fn(lo, hi);
  };
  run_chunks(chunks, FnRef<void(int)>(body));
}

}  // namespace taimatsu
