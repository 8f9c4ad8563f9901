// Elementwise kernels: unary activations, broadcasting binary ops, and the
// bias-plus-activation epilogue of Conv and Gemm.

#include "kernels/cuda/act.cuh"
#include "kernels/cuda/launch.h"

namespace onyx::kernels::cuda {
namespace {

__global__ void UnaryKernel(const float* x, float* y, int64_t n, Act act) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    y[i] = ApplyAct(x[i], act);
  }
}

__device__ __forceinline__ float Binary(BinaryOp op, float a, float b) {
  switch (op) {
    case BinaryOp::kAdd: return a + b;
    case BinaryOp::kSub: return a - b;
    case BinaryOp::kMul: return a * b;
    case BinaryOp::kDiv: return a / b;
    case BinaryOp::kPow: return powf(a, b);
    case BinaryOp::kMax: return (isnan(a) || isnan(b)) ? a + b : fmaxf(a, b);
    case BinaryOp::kMin: return (isnan(a) || isnan(b)) ? a + b : fminf(a, b);
    case BinaryOp::kPRelu: return a < 0.0f ? a * b : a;
  }
  return a;
}

__global__ void BinaryKernel(BinaryOp op, const float* a, const float* b, float* y, int64_t n, BroadcastIndex index,
                             Act act) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    int64_t rest = i, ai = 0, bi = 0;
    for (int d = index.rank - 1; d >= 0; --d) {
      const int64_t coord = rest % index.out_dims[d];
      rest /= index.out_dims[d];
      ai += coord * index.a_strides[d];
      bi += coord * index.b_strides[d];
    }
    y[i] = ApplyAct(Binary(op, a[ai], b[bi]), act);
  }
}

__global__ void BiasActKernel(float* y, const float* bias, int64_t n, int64_t channels, int64_t inner, Act act) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    const float b = bias != nullptr ? bias[(i / inner) % channels] : 0.0f;
    y[i] = ApplyAct(y[i] + b, act);
  }
}

__global__ void BroadcastScaleKernel(const float* c, float* y, int64_t n, BroadcastIndex index, float scale) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    int64_t rest = i, ci = 0;
    for (int d = index.rank - 1; d >= 0; --d) {
      ci += (rest % index.out_dims[d]) * index.a_strides[d];
      rest /= index.out_dims[d];
    }
    y[i] = scale * c[ci];
  }
}

}  // namespace

cudaError_t LaunchBroadcastScale(const float* c, float* y, int64_t n, const BroadcastIndex& index, float scale,
                                 cudaStream_t stream) {
  if (n == 0) return cudaSuccess;
  BroadcastScaleKernel<<<Blocks(n), kThreads, 0, stream>>>(c, y, n, index, scale);
  return cudaGetLastError();
}

cudaError_t LaunchUnary(const float* x, float* y, int64_t n, Act act, cudaStream_t stream) {
  if (n == 0) return cudaSuccess;
  UnaryKernel<<<Blocks(n), kThreads, 0, stream>>>(x, y, n, act);
  return cudaGetLastError();
}

cudaError_t LaunchBinary(BinaryOp op, const float* a, const float* b, float* y, int64_t n,
                         const BroadcastIndex& index, Act act, cudaStream_t stream) {
  if (n == 0) return cudaSuccess;
  BinaryKernel<<<Blocks(n), kThreads, 0, stream>>>(op, a, b, y, n, index, act);
  return cudaGetLastError();
}

cudaError_t LaunchBiasAct(float* y, const float* bias, int64_t outer, int64_t channels, int64_t inner, Act act,
                          cudaStream_t stream) {
  const int64_t n = outer * channels * inner;
  if (n == 0 || (bias == nullptr && act.op == ActOp::kIdentity)) return cudaSuccess;
  BiasActKernel<<<Blocks(n), kThreads, 0, stream>>>(y, bias, n, channels, inner, act);
  return cudaGetLastError();
}

}  // namespace onyx::kernels::cuda
