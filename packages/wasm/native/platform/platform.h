// What the module's platform files share beyond the shared headers
// (common/memory.h, common/parallel.h, common/error.h).
#pragma once

#include <cstddef>
#include <string>

#include "../../../cpu-native/native/src/common/error.h"

namespace taimatsu {

// heap.cc: the one lock around wasi-libc's malloc, which knows no threads.
struct HeapLock {
  HeapLock();
  ~HeapLock();
  HeapLock(const HeapLock&) = delete;
  HeapLock& operator=(const HeapLock&) = delete;
};

// Under the lock: malloc (aligned to `align` when over 16), noted as the
// running kernel's; `cache_bytes` non-zero marks a block of the size-class
// cache, which goes back to the cache if the kernel fails. nullptr when
// linear memory cannot grow any further.
void* heap_alloc(size_t bytes, size_t align, size_t cache_bytes);
void heap_free(void* p);
void heap_note(void* p, size_t cache_bytes);  // a cached block handed to the running kernel
void heap_forget(void* p);                    // ... and handed back
size_t heap_bytes();                          // bytes malloc has handed out and not had back

// A kernel's allocations are noted from begin_kernel() to end_kernel();
// after an error, release_kernel_allocations() frees what it left.
void begin_kernel();
void end_kernel();
void release_kernel_allocations();

// memory.cc, under the lock: puts a block back into its size class.
void cache_block(void* p, size_t bytes);

// error.cc
[[noreturn]] void out_of_memory(size_t bytes);

// parallel.cc: the error path inside a job (see there), the workers' side.
void leave_parallel_region(ErrorKind kind, const std::string& msg);
void worker_loop();
void worker_trapped();
void worker_started();
double worker_chunks();

// Called after a kernel error has unwound the module: state that the kernel
// could not restore (it never returned) is put back.
void after_kernel_error();

}  // namespace taimatsu
