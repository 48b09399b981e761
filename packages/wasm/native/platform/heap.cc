// Every heap allocation of the module goes through here: operator new, the
// scratch and tensor functions of memory.cc. wasi-libc's malloc knows no
// threads, so one spin lock guards it (the critical sections are a few
// hundred instructions, and the browser's main thread may not block on a
// wait). And a kernel error leaves the module without running destructors
// (error.cc), so what a kernel allocates while it runs is noted and, should
// it fail, released by release_kernel_allocations(): repeated failing calls
// leak nothing.
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "../../../cpu-native/native/src/common/memory.h"
#include "platform.h"

namespace taimatsu {

namespace {

std::atomic<int> g_lock{0};

// A kernel's allocations that are still live. Frees are mostly in reverse
// order (scope exits), so the search runs from the end. Past the table's
// size, allocations are simply not noted (a failing kernel would leak those).
struct Noted {
  void* p;
  size_t bytes;  // for blocks of the size-class cache; 0 for plain malloc blocks
};
constexpr int kNotedMax = 4096;
Noted g_noted[kNotedMax];
int g_noted_count = 0;
bool g_noting = false;
thread_local int t_keep = 0;
size_t g_heap_bytes = 0;

void note(void* p, size_t bytes) {
  if (!g_noting || t_keep || !p || g_noted_count == kNotedMax) return;
  g_noted[g_noted_count++] = {p, bytes};
}

void forget(void* p) {
  if (!g_noting) return;
  for (int i = g_noted_count - 1; i >= 0; i--) {
    if (g_noted[i].p == p) {
      g_noted[i] = g_noted[--g_noted_count];
      return;
    }
  }
}

}  // namespace

HeapLock::HeapLock() {
  while (g_lock.exchange(1, std::memory_order_acquire)) {
    while (g_lock.load(std::memory_order_relaxed)) {
    }
  }
}
HeapLock::~HeapLock() { g_lock.store(0, std::memory_order_release); }

void* heap_alloc(size_t bytes, size_t align, size_t cache_bytes) {
  void* p = align > 16 ? std::aligned_alloc(align, (bytes + align - 1) / align * align) : std::malloc(bytes ? bytes : 1);
  if (p) {
    g_heap_bytes += malloc_usable_size(p);
    note(p, cache_bytes);
  }
  return p;
}

void heap_free(void* p) {
  if (!p) return;
  forget(p);
  g_heap_bytes -= malloc_usable_size(p);
  std::free(p);
}

void heap_note(void* p, size_t cache_bytes) { note(p, cache_bytes); }
void heap_forget(void* p) { forget(p); }

size_t heap_bytes() {
  HeapLock lock;
  return g_heap_bytes;
}

void begin_kernel() {
  HeapLock lock;
  g_noting = true;
  g_noted_count = 0;
}

// What survives a kernel that returned is its to keep (nothing, so far, but
// the per-thread GEMM buffers, which are under KeepAllocations anyway).
void end_kernel() {
  HeapLock lock;
  g_noting = false;
  g_noted_count = 0;
}

void release_kernel_allocations() {
  HeapLock lock;
  g_noting = false;
  for (int i = 0; i < g_noted_count; i++) {
    Noted n = g_noted[i];
    if (n.bytes) cache_block(n.p, n.bytes);
    else {
      g_heap_bytes -= malloc_usable_size(n.p);
      std::free(n.p);
    }
  }
  g_noted_count = 0;
  t_keep = 0;
}

KeepAllocations::KeepAllocations() { t_keep++; }
KeepAllocations::~KeepAllocations() { t_keep--; }

// Out of memory inside a kernel is a kernel error, not an abort (which would trap).
void* checked_new(size_t bytes, size_t align) {
  void* p;
  {
    HeapLock lock;
    p = heap_alloc(bytes, align, 0);
  }
  if (!p) out_of_memory(bytes);
  return p;
}

}  // namespace taimatsu

using taimatsu::checked_new;

void* operator new(size_t n) { return checked_new(n, 0); }
void* operator new[](size_t n) { return checked_new(n, 0); }
void* operator new(size_t n, std::align_val_t a) { return checked_new(n, static_cast<size_t>(a)); }
void* operator new[](size_t n, std::align_val_t a) { return checked_new(n, static_cast<size_t>(a)); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  taimatsu::HeapLock lock;
  return taimatsu::heap_alloc(n, 0, 0);
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept {
  taimatsu::HeapLock lock;
  taimatsu::heap_free(p);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, size_t) noexcept { operator delete(p); }
void operator delete[](void* p, size_t) noexcept { operator delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { operator delete(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { operator delete(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { operator delete(p); }
