// reduce: sum/prod/max/min over a set of axes; out keeps them as size 1.
//
// Sums and products of floats accumulate in double and of integers in int64,
// as the reference does (it accumulates every dtype in double). Two loop
// shapes cover the layouts that matter:
//  - "rows": the reduced elements of one output are close together (reducing
//    the last dim): each output reduces its own rows, outputs in parallel, and
//    a single huge reduction is split into partial results instead.
//  - "columns": the kept dims are the dense ones (reducing dim 0 of [N, C],
//    bias gradients): whole rows are folded into an accumulator array.
#include <cmath>
#include <limits>
#include <vector>

#include "../common/arith.h"
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // fill.cc

namespace {

enum Op { kSum, kProd, kMax, kMin };

template <int OP, class S> struct Reducer {
  using T = storage_t<S>;
  using Acc = std::conditional_t<(OP == kMax || OP == kMin), T, std::conditional_t<is_fp_v<T>, double, int64_t>>;

  static Acc init() {
    if constexpr (OP == kSum) return 0;
    else if constexpr (OP == kProd) return 1;
    else if constexpr (OP == kMax) return is_fp_v<T> ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
    else return is_fp_v<T> ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::max();
  }
  // max/min: a NaN, once seen, stays (x > NaN and NaN != NaN are both false)
  static Acc step(Acc acc, Acc x) {
    if constexpr (OP == kSum) return arith::add(acc, x);
    else if constexpr (OP == kProd) return arith::mul(acc, x);
    else if constexpr (OP == kMax) return (x > acc || x != x) ? x : acc;
    else return (x < acc || x != x) ? x : acc;
  }
  // Folds n elements at byte stride s; dense rows use 8 independent lanes so they vectorise.
  static Acc row(const char* p, int64_t s, int64_t n, Acc acc) {
    int64_t i = 0;
    if (s == sizeof(T) && n >= 16) {
      const T* a = reinterpret_cast<const T*>(p);
      Acc lane[8];
      for (int j = 0; j < 8; j++) lane[j] = init();
      for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) lane[j] = step(lane[j], static_cast<Acc>(a[i + j]));
      for (int j = 0; j < 8; j++) acc = step(acc, lane[j]);
    }
    for (; i < n; i++) acc = step(acc, static_cast<Acc>(*reinterpret_cast<const T*>(p + i * s)));
    return acc;
  }
};

template <class Acc> DType acc_dtype(DType in) {
  if constexpr (std::is_same_v<Acc, double>) return DType::F64;
  else if constexpr (std::is_same_v<Acc, int64_t>) return DType::I64;
  else return in;
}

// a view restricted to some of its dims
View sub_view(const View& a, const int* dims, int n) {
  View v = a;
  v.ndim = n;
  for (int i = 0; i < n; i++) {
    v.shape[i] = a.shape[dims[i]];
    v.strides[i] = a.strides[dims[i]];
  }
  return v;
}

template <int OP, class S> void reduce_typed(const View& out, const View& a, const bool* reduced) {
  using R = Reducer<OP, S>;
  using Acc = typename R::Acc;
  int kept_dims[kMaxDims], red_dims[kMaxDims], nk = 0, nr = 0;
  int64_t min_kept = INT64_MAX, min_red = INT64_MAX;
  for (int d = 0; d < a.ndim; d++) {
    if (a.shape[d] == 1) continue;
    int64_t st = std::llabs(a.strides[d]);
    if (reduced[d]) red_dims[nr++] = d, min_red = std::min(min_red, st);
    else kept_dims[nk++] = d, min_kept = std::min(min_kept, st);
  }
  View kept = sub_view(a, kept_dims, nk);  // a's kept dims, in natural order
  View red = sub_view(a, red_dims, nr);
  int64_t outputs = kept.numel(), count = red.numel();

  // the accumulator array: one Acc per output, dense in out's row-major order
  Scratch<Acc> accbuf(outputs);
  View acc_view = out;
  acc_view.dtype = acc_dtype<Acc>(a.dtype);
  acc_view.data = reinterpret_cast<char*>(accbuf.get());
  int64_t st = 1;
  for (int i = out.ndim - 1; i >= 0; i--) acc_view.strides[i] = st, st *= out.shape[i];

  if (nk > 0 && min_kept < min_red) {
    // columns: fold each reduced position's kept block into the accumulators
    View acc_kept = kept;
    acc_kept.dtype = acc_view.dtype;
    acc_kept.data = acc_view.data;
    st = 1;
    for (int i = nk - 1; i >= 0; i--) acc_kept.strides[i] = st, st *= kept.shape[i];
    const View* vs[2] = {&acc_kept, &kept};
    auto plan = make_plan<2>(vs);
    const View* rv[1] = {&red};
    auto rplan = make_plan<1>(rv);
    auto inner = [](char** p, const int64_t* s, int64_t n) {
      Acc* acc = reinterpret_cast<Acc*>(p[0]);
      if (s[0] == sizeof(Acc) && s[1] == sizeof(typename R::T)) {
        const auto* x = reinterpret_cast<const typename R::T*>(p[1]);
        for (int64_t i = 0; i < n; i++) acc[i] = R::step(acc[i], static_cast<Acc>(x[i]));
      } else {
        for (int64_t i = 0; i < n; i++) {
          Acc* o = reinterpret_cast<Acc*>(p[0] + i * s[0]);
          *o = R::step(*o, static_cast<Acc>(*reinterpret_cast<const typename R::T*>(p[1] + i * s[1])));
        }
      }
    };
    parallel_for(0, outputs, std::max<int64_t>(1, kGrainCheap / std::max<int64_t>(count, 1)), [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; i++) accbuf[i] = R::init();
      // visit reduced positions in order; each shifts the kept block's base
      auto each_red = [&](char** rp, const int64_t* rs, int64_t rn) {
        for (int64_t j = 0; j < rn; j++) {
          char* base[2] = {acc_view.data, rp[0] + j * rs[0]};
          run_range(plan, lo, hi, inner, base);
        }
      };
      if (count > 0) run_range(rplan, 0, count, each_red);
    });
  } else {
    // rows: each output folds its reduced elements
    const View* rv[1] = {&red};
    auto rplan = make_plan<1>(rv);
    auto fold = [&](char* base, int64_t lo, int64_t hi) {
      Acc acc = R::init();
      auto each = [&](char** p, const int64_t* s, int64_t n) { acc = R::row(p[0], s[0], n, acc); };
      char* b[1] = {base};
      run_range(rplan, lo, hi, each, b);
      return acc;
    };
    int nt = num_threads();
    if (outputs < nt && count >= 2 * kGrainCheap) {
      // few outputs, long reductions: partial results per chunk, combined in order
      for (int64_t k = 0; k < outputs; k++) {
        int64_t off = 0, rem = k;
        for (int i = nk - 1; i >= 0; i--) off += (rem % kept.shape[i]) * kept.strides[i], rem /= kept.shape[i];
        char* base = a.data + off * a.itemsize();
        int64_t chunks = std::min<int64_t>(nt, count / kGrainCheap);
        std::vector<Acc> partial(checked_size(chunks, sizeof(Acc)), R::init());
        int64_t step = (count + chunks - 1) / chunks;
        parallel_for(0, chunks, 1, [&](int64_t c0, int64_t c1) {
          for (int64_t c = c0; c < c1; c++) partial[c] = fold(base, c * step, std::min(count, (c + 1) * step));
        });
        Acc acc = R::init();
        for (Acc v : partial) acc = R::step(acc, v);
        accbuf[k] = acc;
      }
    } else {
      parallel_for(0, outputs, std::max<int64_t>(1, kGrainCheap / std::max<int64_t>(count, 1)), [&](int64_t lo, int64_t hi) {
        // odometer over the kept dims from `lo`
        int64_t idx[kMaxDims], off = 0, rem = lo;
        for (int i = nk - 1; i >= 0; i--) idx[i] = rem % kept.shape[i], rem /= kept.shape[i], off += idx[i] * kept.strides[i];
        for (int64_t k = lo; k < hi; k++) {
          accbuf[k] = fold(a.data + off * a.itemsize(), 0, count);
          for (int i = nk - 1; i >= 0; i--) {
            off += kept.strides[i];
            if (++idx[i] < kept.shape[i]) break;
            off -= kept.shape[i] * kept.strides[i];
            idx[i] = 0;
          }
        }
      });
    }
  }
  cast_view(out, acc_view);
}

void reduce_kernel(Args& args) {
  int op = args.i32();
  int naxes = args.i32();
  bool reduced[kMaxDims] = {};
  int axes[kMaxDims];
  if (naxes < 0 || naxes > kMaxDims) fail("cpu-native reduce: bad axes");
  for (int i = 0; i < naxes; i++) axes[i] = args.i32();
  View out = args.view();
  View in = args.view();
  if (out.ndim != in.ndim) fail("cpu-native reduce: out must keep the reduced dims");
  for (int i = 0; i < naxes; i++) {
    if (in.ndim == 0 && axes[i] == 0) continue;  // core reduces a 0-dim tensor over "dim 0": a copy
    if (axes[i] < 0 || axes[i] >= in.ndim) fail("cpu-native reduce: axis out of range");
    reduced[axes[i]] = true;
  }
  for (int d = 0; d < in.ndim; d++)
    if (out.shape[d] != (reduced[d] ? 1 : in.shape[d])) fail("cpu-native reduce: out shape does not match");
  if (out.numel() == 0) return;
  int64_t count = 1;
  for (int d = 0; d < in.ndim; d++)
    if (reduced[d]) count *= in.shape[d];
  if (count == 0) {  // empty reductions give the identity, stored as the reference stores it
    static const double kInit[] = {0, 1, -INFINITY, INFINITY};
    return fill_view(out, kInit[op & 3]);
  }
  Staging st;
  DType cd = compute_dtype(out.dtype);
  View a = st.input(in, cd);
  View o = st.output(out, cd);
  dispatch_compute(cd, [&](auto tag) {
    using S = decltype(tag);
    switch (op) {
      case kSum: reduce_typed<kSum, S>(o, a, reduced); break;
      case kProd: reduce_typed<kProd, S>(o, a, reduced); break;
      case kMax: reduce_typed<kMax, S>(o, a, reduced); break;
      case kMin: reduce_typed<kMin, S>(o, a, reduced); break;
      default: fail("cpu-native reduce: unknown op");
    }
  });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(reduce, reduce_kernel);

}  // namespace taimatsu
