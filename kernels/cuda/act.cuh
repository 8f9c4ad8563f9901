#pragma once

// The activation of activation.h, on the device.

#include <math.h>

#include "kernels/cuda/activation.h"

namespace onyx::kernels::cuda {

__device__ __forceinline__ float ApplyAct(float x, const Act& act) {
  switch (act.op) {
    case ActOp::kIdentity: return x;
    case ActOp::kRelu: return x < 0.0f ? 0.0f : x;  // NaN stays NaN.
    case ActOp::kSigmoid: return 1.0f / (1.0f + expf(-x));
    case ActOp::kTanh: return tanhf(x);
    case ActOp::kHardSwish: return x * fminf(fmaxf(x / 6.0f + 0.5f, 0.0f), 1.0f);
    case ActOp::kLeakyRelu: return x < 0.0f ? act.a * x : x;
    case ActOp::kHardSigmoid: return fminf(fmaxf(act.a * x + act.b, 0.0f), 1.0f);
    case ActOp::kSwish: return x / (1.0f + expf(-act.a * x));
    case ActOp::kClip: return isnan(x) ? x : fminf(fmaxf(x, act.a), act.b);
    case ActOp::kElu: return x < 0.0f ? act.a * (expf(x) - 1.0f) : x;
    case ActOp::kAbs: return fabsf(x);
    case ActOp::kNeg: return -x;
    case ActOp::kSqrt: return sqrtf(x);
    case ActOp::kExp: return expf(x);
    case ActOp::kLog: return logf(x);
    case ActOp::kErf: return erff(x);
    case ActOp::kGelu:
      if (act.b != 0.0f) return 0.5f * x * (1.0f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x)));
      return 0.5f * x * (1.0f + erff(x * 0.7071067811865476f));
    case ActOp::kSoftplus: return x > 20.0f ? x : log1pf(expf(x));
    case ActOp::kReciprocal: return 1.0f / x;
    case ActOp::kFloor: return floorf(x);
    case ActOp::kCeil: return ceilf(x);
    case ActOp::kRound: return rintf(x);
    case ActOp::kSin: return sinf(x);
    case ActOp::kCos: return cosf(x);
  }
  return x;
}

// A grid-stride loop's launch size for `n` elements.
constexpr int kThreads = 256;
inline unsigned Blocks(int64_t n) {
  const int64_t blocks = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(blocks < 65535 * 8 ? (blocks > 0 ? blocks : 1) : 65535 * 8);
}

}  // namespace onyx::kernels::cuda
