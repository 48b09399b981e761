// The module's exports: the JavaScript side (src/module.ts) finds kernels by
// name, writes their arguments into the block at tm_args() and runs them by
// index. Memory is handed out as addresses inside linear memory.
#include <cstdint>
#include <cstring>

#include "../../cpu-native/native/src/common/memory.h"
#include "../../cpu-native/native/src/common/parallel.h"
#include "../../cpu-native/native/src/common/registry.h"
#include "../../cpu-native/native/src/fused/conv_direct.h"
#include "../../cpu-native/native/src/gemm/simd.h"
#include "platform/platform.h"

#define TM_EXPORT(name) extern "C" __attribute__((export_name(#name)))

namespace {
// Large enough for any kernel's arguments (the JS side writes at most this many).
alignas(16) double g_args[2048];
}  // namespace

using namespace taimatsu;

TM_EXPORT(tm_args) double* tm_args() { return g_args; }
TM_EXPORT(tm_args_length) int tm_args_length() { return sizeof(g_args) / sizeof(double); }

// 0 when linear memory cannot grow any further.
TM_EXPORT(tm_alloc) void* tm_alloc(size_t bytes) { return tensor_malloc(bytes); }
TM_EXPORT(tm_free) void tm_free(void* p, size_t bytes) { tensor_free(p, bytes); }
TM_EXPORT(tm_cached_bytes) double tm_cached_bytes() { return static_cast<double>(cached_bytes()); }
TM_EXPORT(tm_empty_cache) double tm_empty_cache() { return static_cast<double>(release_cached_blocks()); }

TM_EXPORT(tm_kernel_count) int tm_kernel_count() { return static_cast<int>(kernel_registry().size()); }
TM_EXPORT(tm_kernel_name) const char* tm_kernel_name(int i) { return kernel_registry()[i].first; }
TM_EXPORT(tm_kernel_run) void tm_kernel_run(int i) {
  Args args(g_args);
  begin_kernel();
  kernel_registry()[i].second(args);
  end_kernel();
}
TM_EXPORT(tm_heap_bytes) double tm_heap_bytes() { return static_cast<double>(heap_bytes()); }

TM_EXPORT(tm_after_error) void tm_after_error() { after_kernel_error(); }

TM_EXPORT(tm_set_num_threads) int tm_set_num_threads(int n) {
  set_num_threads(n);
  return num_threads();
}
TM_EXPORT(tm_num_threads) int tm_num_threads() { return num_threads(); }
TM_EXPORT(tm_set_conv_direct) int tm_set_conv_direct(int on) {
  set_conv_direct_enabled(on != 0);
  return conv_direct_enabled() ? 1 : 0;
}
// The worker threads' side (src/worker.ts): each worker instance calls
// tm_worker_started once its stack and thread-local storage are set up, then
// tm_worker_loop, which returns only by an error (see platform/parallel.cc).
TM_EXPORT(tm_worker_started) void tm_worker_started() { worker_started(); }
TM_EXPORT(tm_worker_loop) void tm_worker_loop() { worker_loop(); }
TM_EXPORT(tm_worker_trapped) void tm_worker_trapped() { worker_trapped(); }
TM_EXPORT(tm_worker_chunks) double tm_worker_chunks() { return worker_chunks(); }

TM_EXPORT(tm_simd) const char* tm_simd() { return simd::name(); }
