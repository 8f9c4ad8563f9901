#pragma once

// The CUDA provider ("CUDAExecutionProvider"): float32 kernels on the GPU,
// GEMMs through cuBLAS. Its tensors live in device memory (KernelLibrary::
// device): the executor gives each workspace a stream, a cuBLAS handle and a
// device arena sized by the plan, copies weights once per plan, and copies
// tensors only where a node's provider changes (runtime/executor/placement.h).
// A kernel declines (kUnsupported) what it cannot do and the node runs on
// the next provider. `initialize` fails on a machine with no usable GPU,
// which leaves the provider out of sessions that did not ask for it.

#include "kernels/api/kernel.h"

namespace onyx::kernels::cuda {

constexpr const char* kProviderName = "CUDAExecutionProvider";

KernelLibrary Library();

// The device memory API (cudaMalloc, cudaMemcpyAsync on the context's stream).
const DeviceApi& Device();

// The number of cudaMalloc calls made through Device() so far: a test counts
// them across runs (none once a workspace exists).
int64_t DeviceAllocations();

// Whether a CUDA device can be used here, and if not why (no driver, no
// device): what `initialize` returns.
Status Available();

}  // namespace onyx::kernels::cuda
