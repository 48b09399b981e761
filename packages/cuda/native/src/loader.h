// Opens the driver (libcuda) and cuBLAS at run time and resolves their entry points.
#pragma once
#include <string>
#include <vector>

#include "driver_api.h"

namespace cu {

/** Why the driver cannot be used, or "" when it can. */
struct DriverLoad {
  const Driver* driver = nullptr;
  std::string library;  // the file that was opened
  std::string error;    // what failed: no library, a missing entry point
  std::vector<std::string> tried;
};

/** Opens the driver once (TAIMATSU_CUDA_LIBRARY alone when set, else the usual sonames). */
const DriverLoad& loadDriver();

/** Opens cuBLAS once (TAIMATSU_CUBLAS_LIBRARY alone when set, else libcublas.so.13/12/11); null when absent. */
const Blas* loadBlas(std::string* library, std::string* error);

}  // namespace cu
