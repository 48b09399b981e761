// Kernel errors. Kernels validate before any parallel work starts and call
// fail()/fail_index(); how the error leaves the kernel is the platform's
// business (raise_kernel_error): the Node addon throws a C++ exception that its
// boundary turns into a JS Error (error.cc), the WebAssembly module hands the
// message to JavaScript, which throws it.
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace taimatsu {

struct KernelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An index outside its dimension. The backend promises core (checksIndexBounds)
// to catch these itself, so they reach JS as a RangeError worded like core's
// own host-side check. A size past what the platform can address (Range) is
// a RangeError too; every other kernel error is a plain Error.
enum class ErrorKind { Kernel, Index, Range };

[[noreturn]] void raise_kernel_error(ErrorKind kind, const std::string& msg);

[[noreturn]] inline void fail(const std::string& msg) { raise_kernel_error(ErrorKind::Kernel, msg); }

// An Index or Range error: the Node addon throws it on as a JS RangeError.
struct RangeKernelError : KernelError {
  using KernelError::KernelError;
};

[[noreturn]] inline void fail_index(const char* op, const char* noun, int64_t value, int64_t dim, int64_t size) {
  raise_kernel_error(ErrorKind::Index, std::string(op) + "(): " + noun + " " + std::to_string(value) + " is out of bounds for dimension " +
                   std::to_string(dim) + " with size " + std::to_string(size));
}

// The first out-of-bounds index seen by any thread; kernels report it after
// the parallel loop (the join orders the write of `value` before the read).
struct BadIndex {
  std::atomic<bool> seen{false};
  int64_t value = 0;
  void note(int64_t v) {
    bool expected = false;
    if (seen.compare_exchange_strong(expected, true)) value = v;
  }
  explicit operator bool() const { return seen.load(); }
};

}  // namespace taimatsu
