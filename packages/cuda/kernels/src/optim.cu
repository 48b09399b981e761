// Optimizer steps in place, one thread per element, in the parameter's dtype
// (PyTorch 1.13's single-tensor arithmetic; see core's backend/fused.ts).
#include "common.cuh"

#define TM_OPTIM(T, SUF)                                                                                  \
  /* buf.data is null when momentum == 0 */                                                             \
  extern "C" __global__ void sgd_step_##SUF(View param, View grad, View buf, double lr, double momentum, \
                                            double dampening, double weightDecay, int nesterov, int maximize, \
                                            int firstStep, i64 n) {                                      \
    TM_GRID_STRIDE(i, n) {                                                                               \
      T* p = (T*)param.data + offsetOf(param, i);                                                        \
      const T g = ((const T*)grad.data)[offsetOf(grad, i)];                                              \
      T d = maximize ? -g : g;                                                                           \
      if (weightDecay != 0) d = d + (T)weightDecay * *p;                                                 \
      if (momentum != 0) {                                                                               \
        T* b = (T*)buf.data + offsetOf(buf, i);                                                          \
        *b = firstStep ? d : (T)momentum * *b + (T)(1 - dampening) * d;                                  \
        d = nesterov ? d + (T)momentum * *b : *b;                                                        \
      }                                                                                                  \
      *p = *p - (T)lr * d;                                                                               \
    }                                                                                                    \
  }                                                                                                      \
  /* maxSq.data is null unless amsgrad; stepSize = lr / (1 - beta1^step), bc2Sqrt = sqrt(1 - beta2^step) */ \
  extern "C" __global__ void adam_step_##SUF(View param, View grad, View expAvg, View expAvgSq, View maxSq,   \
                                             double lr, double beta1, double beta2, double eps, double weightDecay, \
                                             int maximize, int decoupled, double stepSize, double bc2Sqrt, i64 n) { \
    TM_GRID_STRIDE(i, n) {                                                                               \
      T* p = (T*)param.data + offsetOf(param, i);                                                        \
      const T g0 = ((const T*)grad.data)[offsetOf(grad, i)];                                             \
      T g = maximize ? -g0 : g0;                                                                         \
      if (decoupled) *p = *p * (T)(1 - lr * weightDecay);                                                \
      else if (weightDecay != 0) g = g + (T)weightDecay * *p;                                            \
      T* m = (T*)expAvg.data + offsetOf(expAvg, i);                                                      \
      T* v = (T*)expAvgSq.data + offsetOf(expAvgSq, i);                                                  \
      *m = *m * (T)beta1 + g * (T)(1 - beta1);                                                           \
      *v = *v * (T)beta2 + g * g * (T)(1 - beta2);                                                       \
      T used = *v;                                                                                       \
      if (maxSq.data) {                                                                                  \
        T* mx = (T*)maxSq.data + offsetOf(maxSq, i);                                                     \
        if (!(*mx >= *v)) *mx = *v;                                                                      \
        used = *mx;                                                                                      \
      }                                                                                                  \
      const T denom = sqrt(used) / (T)bc2Sqrt + (T)eps;                                                  \
      *p = *p - (T)stepSize * (*m / denom);                                                              \
    }                                                                                                    \
  }
TM_OPTIM(float, f32)
TM_OPTIM(double, f64)
