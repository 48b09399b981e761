// Kernels register themselves by name; the addon exposes each as a JS
// function that takes its arguments from the shared argument block.
#pragma once

#include <utility>
#include <vector>

#include "view.h"

namespace taimatsu {

using KernelFn = void (*)(Args&);

std::vector<std::pair<const char*, KernelFn>>& kernel_registry();

struct KernelRegistrar {
  KernelRegistrar(const char* name, KernelFn fn) { kernel_registry().emplace_back(name, fn); }
};

#define TM_REGISTER_KERNEL(name, fn) static ::taimatsu::KernelRegistrar tm_registrar_##name(#name, fn)

}  // namespace taimatsu
