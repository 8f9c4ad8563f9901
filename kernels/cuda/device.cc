// The CUDA provider's device: memory, copies, and the per-workspace context
// (a non-blocking stream and a cuBLAS handle bound to it).

#include <atomic>

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

std::atomic<int64_t> allocations{0};

Status CreateContext(void** out) {
  auto* context = new CudaContext();
  Status status = [&]() -> Status {
    ONYX_CUDA_RETURN_IF_ERROR(cudaGetDevice(&context->device));
    ONYX_CUDA_RETURN_IF_ERROR(cudaStreamCreateWithFlags(&context->stream, cudaStreamNonBlocking));
    ONYX_CUBLAS_RETURN_IF_ERROR(cublasCreate(&context->cublas));
    ONYX_CUBLAS_RETURN_IF_ERROR(cublasSetStream(context->cublas, context->stream));
    // FP32 GEMMs stay FP32 (no TF32) unless the session asks otherwise.
    ONYX_CUBLAS_RETURN_IF_ERROR(cublasSetMathMode(context->cublas, CUBLAS_DEFAULT_MATH));
    return Status::Ok();
  }();
  if (!status.ok()) {
    if (context->cublas != nullptr) cublasDestroy(context->cublas);
    if (context->stream != nullptr) cudaStreamDestroy(context->stream);
    delete context;
    return status;
  }
  *out = context;
  return Status::Ok();
}

void DestroyContext(void* p) {
  auto* context = static_cast<CudaContext*>(p);
  cublasDestroy(context->cublas);
  cudaStreamDestroy(context->stream);
  delete context;
}

Status Allocate(size_t bytes, void** ptr) {
  *ptr = nullptr;
  if (bytes == 0) return Status::Ok();
  ONYX_CUDA_RETURN_IF_ERROR(cudaMalloc(ptr, bytes));
  allocations.fetch_add(1, std::memory_order_relaxed);
  return Status::Ok();
}

void Release(void* ptr) { cudaFree(ptr); }

cudaStream_t StreamOf(void* context) {
  return context != nullptr ? static_cast<CudaContext*>(context)->stream : nullptr;
}

Status CopyToDevice(void* context, void* dst, const void* src, size_t bytes) {
  if (context == nullptr) {
    ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice));
    return Status::Ok();
  }
  // From pageable memory the copy is staged before the call returns, so the
  // caller may reuse `src` at once.
  ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, StreamOf(context)));
  return Status::Ok();
}

Status CopyToHost(void* context, void* dst, const void* src, size_t bytes) {
  ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, StreamOf(context)));
  ONYX_CUDA_RETURN_IF_ERROR(cudaStreamSynchronize(StreamOf(context)));
  return Status::Ok();
}

Status Synchronize(void* context) {
  ONYX_CUDA_RETURN_IF_ERROR(cudaStreamSynchronize(StreamOf(context)));
  return Status::Ok();
}

const DeviceApi kDevice = {
    "cuda", CreateContext, DestroyContext, Allocate, Release, CopyToDevice, CopyToHost, Synchronize,
};

}  // namespace

const DeviceApi& Device() { return kDevice; }

int64_t DeviceAllocations() { return allocations.load(std::memory_order_relaxed); }

Status Available() {
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  RETURN_ERROR_IF(error != cudaSuccess, StatusCode::kUnsupported, "no usable CUDA device: ", cudaGetErrorString(error));
  RETURN_ERROR_IF(count == 0, StatusCode::kUnsupported, "no CUDA device on this machine");
  return Status::Ok();
}

Status CudaError(cudaError_t error, const char* what) {
  const StatusCode code = error == cudaErrorMemoryAllocation ? StatusCode::kOutOfMemory : StatusCode::kDeviceError;
  return MakeError(code, what, ": ", cudaGetErrorName(error), " (", cudaGetErrorString(error), ")");
}

Status CublasError(cublasStatus_t status, const char* what) {
  const StatusCode code = status == CUBLAS_STATUS_ALLOC_FAILED ? StatusCode::kOutOfMemory : StatusCode::kDeviceError;
  return MakeError(code, what, ": ", cublasGetStatusName(status), " (",
                   cublasGetStatusString(status), ")");
}

}  // namespace onyx::kernels::cuda
