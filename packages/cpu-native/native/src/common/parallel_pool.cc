// Portable flavour of run_chunks: a persistent pool of std::threads. Workers
// spin briefly after each job (back-to-back kernels are the common case in a
// training step), then sleep on a condition variable so an idle process costs
// no CPU.
#ifndef TM_USE_OPENMP
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "parallel.h"

namespace taimatsu {

namespace {

thread_local bool t_in_region = false;

class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }

  void run(int chunks, FnRef<void(int)> fn) {
    // one job at a time; a second caller (another worker_thread) runs inline
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) {
      for (int c = 0; c < chunks; c++) fn(c);
      return;
    }
    ensure_workers(chunks - 1);
    job_.store(&fn);
    chunks_.store(chunks);
    error_ = nullptr;
    pending_.store(chunks);
    next_.store(0);  // opens the job: chunks can be taken from here on
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    work();
    // wait for the chunks other threads took
    while (pending_.load(std::memory_order_acquire) > 0) std::this_thread::yield();
    next_.store(kClosed);  // a late worker's fetch_add now lands far past any chunk count
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void ensure_workers(int n) {
    while (static_cast<int>(workers_.size()) < n) workers_.emplace_back([this] { loop(); });
  }

  void work() {
    t_in_region = true;
    for (;;) {
      int c = next_.fetch_add(1);
      if (c >= chunks_.load()) break;
      try {
        (*job_.load())(c);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
      }
      pending_.fetch_sub(1, std::memory_order_release);
    }
    t_in_region = false;
  }

  void loop() {
    uint64_t seen = generation_.load();
    for (;;) {
      // spin a little before sleeping: the next kernel usually follows within microseconds
      for (int i = 0; i < 2000 && generation_.load(std::memory_order_acquire) == seen; i++) std::this_thread::yield();
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load() != seen; });
      }
      seen = generation_.load();
      if (stopping_) return;
      work();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex run_mutex_, mutex_, error_mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  static constexpr int kClosed = 1 << 30;
  std::atomic<int> next_{kClosed}, pending_{0}, chunks_{0};
  std::atomic<FnRef<void(int)>*> job_{nullptr};
  std::exception_ptr error_;
  bool stopping_ = false;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers may outlive static destruction order
  return *p;
}

}  // namespace

bool in_parallel_region() { return t_in_region; }
const char* threading_backend() { return "pool"; }

void run_chunks(int chunks, FnRef<void(int)> fn) { pool().run(chunks, fn); }

}  // namespace taimatsu
#endif
