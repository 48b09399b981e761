#include <cstdlib>
#include <thread>

#include "parallel.h"
#ifdef __linux__
#include <sched.h>
#endif

namespace taimatsu {

namespace {
int g_threads = 0;  // 0 until first use, so the env var is read lazily
}

// The CPUs this process may run on (affinity masks and containers included).
int default_num_threads() {
  if (const char* env = std::getenv("TAIMATSU_NUM_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  unsigned hc = std::thread::hardware_concurrency();
  return hc > 0 ? static_cast<int>(hc) : 1;
}

int num_threads() {
  if (g_threads == 0) set_num_threads(default_num_threads());
  return g_threads;
}

void set_num_threads(int n) {
  if (n < 1) n = 1;
  if (n > 256) n = 256;
  g_threads = n;
}

}  // namespace taimatsu
