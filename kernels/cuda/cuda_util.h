#pragma once

// What the CUDA provider's host code shares: the per-workspace context
// (stream and cuBLAS handle), error conversion, and the checks every
// Prepare makes.

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/api/window.h"
#include "kernels/cuda/activation.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {

// One per workspace (DeviceApi::create_context): runs of a workspace are
// sequential, so its stream orders their kernels and copies.
struct CudaContext {
  int device = 0;
  cudaStream_t stream = nullptr;
  cublasHandle_t cublas = nullptr;
};

inline const CudaContext& ContextOf(const RunContext& ctx) {
  return *static_cast<const CudaContext*>(ctx.device_context);
}

Status CudaError(cudaError_t error, const char* what);
Status CublasError(cublasStatus_t status, const char* what);

#define ONYX_CUDA_RETURN_IF_ERROR(expr)                                                       \
  do {                                                                                        \
    const cudaError_t onyx_cuda_error = (expr);                                               \
    if (onyx_cuda_error != cudaSuccess) return ::onyx::kernels::cuda::CudaError(onyx_cuda_error, #expr); \
  } while (0)

#define ONYX_CUBLAS_RETURN_IF_ERROR(expr)                                                        \
  do {                                                                                           \
    const cublasStatus_t onyx_cublas_status = (expr);                                            \
    if (onyx_cublas_status != CUBLAS_STATUS_SUCCESS)                                             \
      return ::onyx::kernels::cuda::CublasError(onyx_cublas_status, #expr);                      \
  } while (0)

// kUnsupported, "CUDAExecutionProvider declines: <why>": the node goes to
// the next provider.
template <typename... Args>
Status Decline(const Args&... why) {
  return MakeError(StatusCode::kUnsupported, kProviderName, " declines: ", why...);
}

// The values of integer input `i` (int64, or int32 too when `int32_too`),
// which the kernel takes in Prepare: declined when only the run knows them.
Status KnownInts(const PrepareContext& ctx, size_t i, const char* role, bool int32_too, std::vector<int64_t>* values);

// kUnsupported unless every present input is a float32 tensor: the provider
// is float32 for now, and the node then runs on the next provider.
Status RequireFloat(const PrepareContext& ctx, size_t max_inputs_checked = 1 << 20);

// The activation of a unary op, or of a fused node's `activation` and
// `activation_params` (FusedConv) / activation_alpha... (FusedGemm).
// kUnsupported for an activation the provider does not have.
Status ReadFusedActivation(const PrepareContext& ctx, Act* act);

// Copies a resolved window's kernel, strides, dilations, paddings and
// output extents into `g`.
void SetWindow(const Window2d& window, ConvGeometry* g);

}  // namespace onyx::kernels::cuda
