// What libc++ expects from a threaded C runtime and wasi-libc leaves out.
#include <atomic>
#include <cstdint>

// thread_local objects with destructors register them here; the module's
// threads live as long as the instance, so nothing is ever run.
extern "C" int __cxa_thread_atexit(void (*)(void*), void*, void*) { return 0; }

// Guards of function-local statics, for the threaded module, where a static
// may first be reached on two threads at once. libc++abi's own would report
// misuse through stdio, which would add WASI imports. The guard is 64 bits:
// its first byte says "initialised" (compilers test it inline), the second
// word is the lock of whoever initialises it.
namespace {
struct Guard {
  std::atomic<uint32_t> done;
  std::atomic<uint32_t> busy;
};
}  // namespace

extern "C" int __cxa_guard_acquire(Guard* g) {
  if (g->done.load(std::memory_order_acquire)) return 0;
  while (g->busy.exchange(1, std::memory_order_acquire)) {
  }
  if (g->done.load(std::memory_order_acquire)) {
    g->busy.store(0, std::memory_order_release);
    return 0;
  }
  return 1;
}

extern "C" void __cxa_guard_release(Guard* g) {
  g->done.store(1, std::memory_order_release);
  g->busy.store(0, std::memory_order_release);
}

extern "C" void __cxa_guard_abort(Guard* g) { g->busy.store(0, std::memory_order_release); }
