// What the module's exports need from its platform files beyond the shared
// headers (common/memory.h, common/parallel.h).
#pragma once

namespace taimatsu {

// Called after a kernel error has unwound the module: state that the kernel
// could not restore (it never returned) is put back.
void after_kernel_error();

}  // namespace taimatsu
