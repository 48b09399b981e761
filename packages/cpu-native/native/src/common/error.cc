#include "error.h"

namespace taimatsu {

// The Node addon's way out of a kernel: a C++ exception, caught at the addon
// boundary (addon.cc) and thrown on as a JS Error or RangeError.
void raise_kernel_error(ErrorKind kind, const std::string& msg) {
  if (kind != ErrorKind::Kernel) throw RangeKernelError(msg);
  throw KernelError(msg);
}

}  // namespace taimatsu
