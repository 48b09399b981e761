#include "staging.h"

namespace taimatsu {

View Staging::temp_like(const View& v, DType dtype, bool compact) {
  View t = v;
  t.dtype = dtype;
  // contiguous strides over the dims that are really stored (broadcast dims get stride 0)
  int64_t stride = 1;
  for (int i = v.ndim - 1; i >= 0; i--) {
    if (compact && v.strides[i] == 0) {
      t.strides[i] = 0;
      continue;
    }
    t.strides[i] = stride;
    stride *= v.shape[i];
  }
  char* p = static_cast<char*>(aligned_malloc(checked_size(stride, item_size(dtype)) * item_size(dtype)));
  buffers_.emplace_back(p);
  t.data = p;
  return t;
}

View Staging::input(const View& v, DType dtype) {
  if (v.dtype == dtype) return v;
  View t = temp_like(v, dtype, true);
  // convert only the stored elements: broadcast dims become size 1 for the copy
  View src = v, dst = t;
  for (int i = 0; i < v.ndim; i++)
    if (v.strides[i] == 0) src.shape[i] = dst.shape[i] = 1;
  cast_view(dst, src);
  return t;
}

View Staging::output(const View& out, DType dtype, bool load) {
  if (out.dtype == dtype) return out;
  View t = temp_like(out, dtype, false);
  if (load) cast_view(t, out);
  pending_.emplace_back(out, t);
  return t;
}

View Staging::dense(const View& v, DType dtype) {
  if (v.dtype == dtype && v.contiguous()) return v;
  View t = temp_like(v, dtype, false);
  cast_view(t, v);
  return t;
}

View Staging::dense_output(const View& out, DType dtype, bool load) {
  if (out.dtype == dtype && out.contiguous()) return out;
  View t = temp_like(out, dtype, false);
  if (load) cast_view(t, out);
  pending_.emplace_back(out, t);
  return t;
}

void Staging::finish() {
  for (auto& [out, staged] : pending_) cast_view(out, staged);
  pending_.clear();
}

void check_same_shape(const char* op, const View& a, const View& b) {
  bool same = a.ndim == b.ndim;
  for (int i = 0; same && i < a.ndim; i++) same = a.shape[i] == b.shape[i];
  if (!same) fail(std::string("cpu-native ") + op + ": operand shapes differ");
}

}  // namespace taimatsu
