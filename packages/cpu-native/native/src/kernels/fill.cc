// fill: every element of a (possibly strided) view gets one value, converted
// to the view's dtype the way the reference stores numbers.
#include <algorithm>
#include <cstring>

#include "../common/loops.h"
#include "../common/registry.h"

namespace taimatsu {

namespace {

template <class T> void fill_typed(const View& out, T value) {
  const View* vs[1] = {&out};
  auto plan = make_plan<1>(vs);
  for_each(plan, kGrainCheap, [value](char** p, const int64_t* s, int64_t n) {
    T* o = reinterpret_cast<T*>(p[0]);
    if (s[0] == sizeof(T)) std::fill(o, o + n, value);
    else
      for (int64_t i = 0; i < n; i++) *reinterpret_cast<T*>(p[0] + i * s[0]) = value;
  });
}

}  // namespace

void fill_view(const View& out, double value) {
  switch (out.dtype) {
    case DType::F32: fill_typed<float>(out, static_cast<float>(value)); break;
    case DType::F64: fill_typed<double>(out, value); break;
    case DType::F16: fill_typed<uint16_t>(out, f32_to_f16(static_cast<float>(value))); break;
    case DType::BF16: fill_typed<uint16_t>(out, f32_to_bf16(static_cast<float>(value))); break;
    case DType::I32: fill_typed<int32_t>(out, from_double<int32_t>(value)); break;
    case DType::I64: fill_typed<int64_t>(out, from_double<int64_t>(value)); break;
    case DType::U8: fill_typed<uint8_t>(out, from_double<uint8_t>(value)); break;
    case DType::Bool: fill_typed<uint8_t>(out, from_double<BoolTag>(value)); break;
  }
}

namespace {

void fill_kernel(Args& args) {
  double value = args.f64();
  View out = args.view();
  fill_view(out, value);
}

}  // namespace

TM_REGISTER_KERNEL(fill, fill_kernel);

}  // namespace taimatsu
