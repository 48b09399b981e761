// where: out = cond ? a : b. A pure selection, so it works on element bits
// of any dtype once a and b are in the output's dtype.
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T> void where_typed(const View& out, const View& cond, const View& x, const View& y) {
  const View* vs[4] = {&out, &cond, &x, &y};
  auto plan = make_plan<4>(vs);
  for_each(plan, kGrainCheap, [](char** p, const int64_t* s, int64_t n) {
    T* o = reinterpret_cast<T*>(p[0]);
    const uint8_t* c = reinterpret_cast<const uint8_t*>(p[1]);
    const T* a = reinterpret_cast<const T*>(p[2]);
    const T* b = reinterpret_cast<const T*>(p[3]);
    if (s[0] == sizeof(T) && s[1] == 1) {
      if (s[2] == sizeof(T) && s[3] == sizeof(T)) {
        for (int64_t i = 0; i < n; i++) o[i] = c[i] ? a[i] : b[i];
        return;
      }
      if (s[2] == sizeof(T) && s[3] == 0) {  // where(mask, x, scalar): masked fill
        const T bv = *b;
        for (int64_t i = 0; i < n; i++) o[i] = c[i] ? a[i] : bv;
        return;
      }
      if (s[2] == 0 && s[3] == sizeof(T)) {
        const T av = *a;
        for (int64_t i = 0; i < n; i++) o[i] = c[i] ? av : b[i];
        return;
      }
    }
    for (int64_t i = 0; i < n; i++)
      *reinterpret_cast<T*>(p[0] + i * s[0]) = p[1][i * s[1]] ? *reinterpret_cast<const T*>(p[2] + i * s[2])
                                                              : *reinterpret_cast<const T*>(p[3] + i * s[3]);
  });
}

void where_kernel(Args& args) {
  View out = args.view();
  View cond = args.view();
  View x = args.view();
  View y = args.view();
  check_same_shape("where", out, cond);
  check_same_shape("where", out, x);
  check_same_shape("where", out, y);
  Staging st;
  // bool and uint8 conditions are read as bytes; anything else is tested "!= 0" first
  View c = cond.dtype == DType::Bool || cond.dtype == DType::U8 ? cond : st.input(cond, DType::Bool);
  View a = st.input(x, out.dtype);
  View b = st.input(y, out.dtype);
  dispatch_bits(out.itemsize(), [&](auto bits) { where_typed<decltype(bits)>(out, c, a, b); });
}

}  // namespace

TM_REGISTER_KERNEL(where, where_kernel);

}  // namespace taimatsu
