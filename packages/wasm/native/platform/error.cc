// How a kernel error leaves the WebAssembly module: the message goes to the
// imported tm_throw, which throws it as a JS Error (RangeError for an index
// out of range). The exception unwinds the wasm frames without running C++
// destructors: kernels report errors before they allocate, so at most a
// staging buffer is lost, and the instance stays usable.
#include <string>

#include "../../../cpu-native/native/src/common/error.h"

extern "C" [[noreturn]] __attribute__((import_module("env"), import_name("tm_throw"))) void tm_throw(int kind, const char* msg, int len);

namespace taimatsu {

void raise_kernel_error(ErrorKind kind, const std::string& msg) {
  tm_throw(kind == ErrorKind::Index ? 1 : 0, msg.data(), static_cast<int>(msg.size()));
}

}  // namespace taimatsu
