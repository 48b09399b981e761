// run_chunks for the single-threaded module: every chunk runs in turn on the
// calling thread. Kernels still split their work exactly as they would across
// threads, so results match the threaded builds bit for bit.
#include "../../../cpu-native/native/src/common/parallel.h"
#include "platform.h"

namespace taimatsu {

namespace {
bool g_in_region = false;
}

int default_num_threads() { return 1; }
int num_threads() { return 1; }
void set_num_threads(int) {}
bool in_parallel_region() { return g_in_region; }
const char* threading_backend() { return "none"; }

void after_kernel_error() { g_in_region = false; }

void run_chunks(int chunks, FnRef<void(int)> fn) {
  g_in_region = true;
  for (int c = 0; c < chunks; c++) fn(c);
  g_in_region = false;
}

}  // namespace taimatsu
