#include "registry.h"

namespace taimatsu {

std::vector<std::pair<const char*, KernelFn>>& kernel_registry() {
  static std::vector<std::pair<const char*, KernelFn>> r;  // function-local: safe from static init order
  return r;
}

const char* dtype_name(DType d) {
  static const char* names[] = {"float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "bool"};
  int i = static_cast<int>(d);
  return i >= 0 && i < kNumDTypes ? names[i] : "unknown";
}

}  // namespace taimatsu
