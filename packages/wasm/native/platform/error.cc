// How a kernel error leaves the WebAssembly module: the message goes to the
// imported tm_throw, which throws it as a JS Error (RangeError for an index
// out of range or a size past wasm32's reach). The exception unwinds the wasm
// frames without running C++ destructors: what the kernel allocated is
// released afterwards (heap.cc), and a chunk running on several threads is
// wound up first (parallel.cc). The instance stays usable.
#include <cstdint>
#include <string>

#include "../../../cpu-native/native/src/common/error.h"
#include "platform.h"

extern "C" [[noreturn]] __attribute__((import_module("env"), import_name("tm_throw"))) void tm_throw(int kind, const char* msg, int len);

namespace taimatsu {

void raise_kernel_error(ErrorKind kind, const std::string& msg) {
  leave_parallel_region(kind, msg);
  tm_throw(kind == ErrorKind::Kernel ? 0 : 1, msg.data(), static_cast<int>(msg.size()));
}

void out_of_memory(size_t bytes) {
  raise_kernel_error(ErrorKind::Range, "wasm: out of memory allocating " + std::to_string(bytes) +
                                           " bytes of scratch space (WebAssembly memory is limited to 4 GiB; it holds " +
                                           std::to_string(static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * 65536) + " bytes now)");
}

}  // namespace taimatsu
