// Kernel errors. Kernels validate before any parallel work starts and throw;
// the addon boundary turns the exception into a JS Error.
#pragma once

#include <stdexcept>
#include <string>

namespace taimatsu {

struct KernelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(const std::string& msg) { throw KernelError(msg); }

}  // namespace taimatsu
