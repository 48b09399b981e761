// run_chunks for the module: a pool of worker threads (Web Workers or
// worker_threads, each an instance of this module over the same shared
// memory, started by src/threads.ts) takes chunks of a kernel's work as
// cpu-native's pool does: the calling thread opens a job, every thread claims
// chunks by counter until none are left, the caller waits for the last.
// Without workers (the single-threaded module, or before they have
// started) the caller runs every chunk itself, split the same way.
//
// Errors: a chunk that fails on a worker records its message and gives up
// its chunk; the caller raises it once all chunks are done. A chunk that
// fails on the calling thread waits for the others before leaving the module,
// so no thread still works on memory that the error path releases.
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>

#include "../../../cpu-native/native/src/common/error.h"
#include "../../../cpu-native/native/src/common/parallel.h"
#include "platform.h"

namespace taimatsu {

namespace {

constexpr int kClosed = 1 << 30;

struct Job {
  std::atomic<int> generation{0};  // bumped for every job; idle workers wait on it
  std::atomic<int> next{kClosed}, pending{0}, chunks{0};
  std::atomic<FnRef<void(int)>*> fn{nullptr};
  std::atomic<bool> aborted{false};
  std::atomic<bool> failed{false};
  std::atomic<bool> error_ready{false};
  ErrorKind kind = ErrorKind::Kernel;
  char message[1024];
  int message_length = 0;
};

Job g_job;
std::atomic<int> g_workers{0};    // workers that have started and take chunks
std::atomic<uint32_t> g_worker_chunks{0};  // chunks workers have run: shows that the pool does work
int g_threads = 1;                // threads a kernel's work is split for
bool g_dispatching = false;       // the calling thread has a job open

thread_local bool t_in_region = false;
thread_local bool t_chunk_open = false;
thread_local bool t_worker = false;
thread_local int t_seen = 0;

void record_error(ErrorKind kind, const char* msg, size_t length) {
  bool expected = false;
  if (g_job.failed.compare_exchange_strong(expected, true)) {
    g_job.kind = kind;
    g_job.message_length = static_cast<int>(length < sizeof(g_job.message) ? length : sizeof(g_job.message));
    std::memcpy(g_job.message, msg, g_job.message_length);
    g_job.error_ready.store(true, std::memory_order_release);
  }
  g_job.aborted.store(true);
}

// Gives up the chunk this thread was running (it will not return).
void abandon_chunk() {
  if (t_chunk_open) {
    t_chunk_open = false;
    g_job.pending.fetch_sub(1, std::memory_order_release);
  }
  t_in_region = false;
}

void work() {
  t_in_region = true;
  for (;;) {
    int c = g_job.next.fetch_add(1);
    if (c >= g_job.chunks.load()) break;
    if (!g_job.aborted.load(std::memory_order_relaxed)) {
      t_chunk_open = true;
      (*g_job.fn.load())(c);
      t_chunk_open = false;
      if (t_worker) g_worker_chunks.fetch_add(1, std::memory_order_relaxed);
    }
    g_job.pending.fetch_sub(1, std::memory_order_release);
  }
  t_in_region = false;
}

// The calling thread, once its own chunks are done or given up: claims what
// nobody started, then waits for the chunks other threads are running.
void finish_job() {
  for (;;) {
    int c = g_job.next.fetch_add(1);
    if (c >= g_job.chunks.load()) break;
    g_job.pending.fetch_sub(1, std::memory_order_release);
  }
  while (g_job.pending.load(std::memory_order_acquire) > 0) {
  }
  g_job.next.store(kClosed);
  g_dispatching = false;
}

}  // namespace

int default_num_threads() { return 1; }  // the JavaScript side sets the count it wants
int num_threads() { return g_threads; }
void set_num_threads(int n) { g_threads = n < 1 ? 1 : n > 256 ? 256 : n; }
bool in_parallel_region() { return t_in_region; }
const char* threading_backend() { return "workers"; }

void run_chunks(int chunks, FnRef<void(int)> fn) {
  if (g_workers.load(std::memory_order_acquire) == 0 || t_worker) {
    t_in_region = true;
    for (int c = 0; c < chunks; c++) fn(c);
    t_in_region = false;
    return;
  }
  g_dispatching = true;
  g_job.fn.store(&fn);
  g_job.chunks.store(chunks);
  g_job.aborted.store(false);
  g_job.failed.store(false);
  g_job.error_ready.store(false);
  g_job.pending.store(chunks);
  g_job.next.store(0);  // opens the job: chunks can be taken from here on
  g_job.generation.fetch_add(1, std::memory_order_release);
#ifdef __wasm_atomics__
  __builtin_wasm_memory_atomic_notify(reinterpret_cast<int*>(&g_job.generation), ~0u);
#endif
  work();
  finish_job();
  if (g_job.failed.load()) {
    while (!g_job.error_ready.load(std::memory_order_acquire)) {
    }
    raise_kernel_error(g_job.kind, std::string(g_job.message, g_job.message_length));
  }
}

// raise_kernel_error's first step (error.cc): inside a job, the error is
// recorded for the calling thread to raise and this thread's chunk given up;
// the calling thread also waits for the other chunks. Then the error leaves
// the module (a worker's leaves only that worker's frames: src/worker.ts
// catches it and calls worker_loop again).
void leave_parallel_region(ErrorKind kind, const std::string& msg) {
  if (!t_in_region) return;
  if (!t_worker && !g_dispatching) {  // chunks run inline: nothing else is running
    t_in_region = false;
    return;
  }
  record_error(kind, msg.data(), msg.size());
  abandon_chunk();
  if (!t_worker) finish_job();
}

void after_kernel_error() {
  if (g_dispatching) {  // trapped inside a chunk of its own job
    record_error(ErrorKind::Kernel, "", 0);
    abandon_chunk();
    finish_job();
  }
  t_in_region = false;
  t_chunk_open = false;
  release_kernel_allocations();
}

// A worker: waits for jobs and takes chunks, until its thread ends. Spins a
// little before sleeping, since kernels of a training step follow each
// other within microseconds.
void worker_loop() {
  t_worker = true;
  for (;;) {
    int seen = t_seen;
    for (int i = 0; i < 20000 && g_job.generation.load(std::memory_order_acquire) == seen; i++) {
    }
    if (g_job.generation.load(std::memory_order_acquire) == seen) {
#ifdef __wasm_atomics__  // the threaded module only: the single-threaded one never starts workers
      // in slices of 50 ms: a thread blocked in a wait cannot be terminated, and Node ends workers at exit
      __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int*>(&g_job.generation), seen, 50 * 1000 * 1000);
#endif
      continue;
    }
    t_seen = g_job.generation.load(std::memory_order_acquire);
    work();
  }
}

// A worker whose chunk trapped (a RuntimeError rather than a kernel error).
void worker_trapped() {
  if (t_chunk_open) {
    static const char kMessage[] = "wasm: a kernel trapped on a worker thread";
    record_error(ErrorKind::Kernel, kMessage, sizeof(kMessage) - 1);
  }
  abandon_chunk();
}

double worker_chunks() { return g_worker_chunks.load(std::memory_order_relaxed); }

void worker_started() { g_workers.fetch_add(1, std::memory_order_release); }

}  // namespace taimatsu
