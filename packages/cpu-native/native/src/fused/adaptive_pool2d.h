// Adaptive pooling cells: output cell i covers [floor(i * size / out), ceil((i + 1) * size / out)).
#pragma once

#include <cstdint>

namespace taimatsu {

inline int64_t cell_start(int64_t i, int64_t size, int64_t out) { return (i * size) / out; }
inline int64_t cell_end(int64_t i, int64_t size, int64_t out) { return ((i + 1) * size + out - 1) / out; }

}  // namespace taimatsu
