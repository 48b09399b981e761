// OpenMP flavour of run_chunks (built when CMake finds OpenMP).
#ifdef TM_USE_OPENMP
#include <omp.h>

#include <exception>
#include <mutex>

#include "parallel.h"

namespace taimatsu {

namespace {
thread_local bool t_in_region = false;
}

bool in_parallel_region() { return t_in_region || omp_in_parallel(); }
const char* threading_backend() { return "openmp"; }

void run_chunks(int chunks, FnRef<void(int)> fn) {
  std::exception_ptr error;
  std::mutex error_mutex;
#pragma omp parallel num_threads(chunks)
  {
    t_in_region = true;
    // with dynamic adjustment OpenMP may hand out fewer threads than chunks
    int nt = omp_get_num_threads();
    for (int c = omp_get_thread_num(); c < chunks; c += nt) {
      try {
        fn(c);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
    t_in_region = false;
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace taimatsu
#endif
