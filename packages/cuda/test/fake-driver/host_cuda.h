// Lets the CUDA kernels (kernels/src/*.cu) compile as host C++ for the emulating
// stand-in driver: a launch runs every block and thread of the grid in turn on
// one CPU thread, so atomics are plain read-modify-writes. Test-only.
#pragma once
#include <math.h>
#include <stdint.h>
#include <string.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

struct tm_dim3 {
  unsigned x, y, z;
};
extern "C" tm_dim3 threadIdx, blockIdx, blockDim, gridDim;

inline unsigned long long atomicCAS(unsigned long long* p, unsigned long long expected, unsigned long long value) {
  unsigned long long old = *p;
  if (old == expected) *p = value;
  return old;
}
inline unsigned atomicCAS(unsigned* p, unsigned expected, unsigned value) {
  unsigned old = *p;
  if (old == expected) *p = value;
  return old;
}
template <class T>
inline T atomicAdd(T* p, T v) {
  T old = *p;
  *p = (T)(old + v);
  return old;
}
