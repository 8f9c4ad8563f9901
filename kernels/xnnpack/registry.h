#pragma once

// The XNNPACK provider ("XnnpackExecutionProvider"): float32 kernels that
// run XNNPACK operators on the session's thread pool. A kernel declines
// (Prepare returns kUnsupported) what its operator cannot do, and the node
// goes to the next provider; the reference kernels decide errors. See
// README.md for the kernel contract.

#include "kernels/api/kernel.h"

namespace onyx::kernels::xnnpack {

constexpr const char* kProviderName = "XnnpackExecutionProvider";

// Every XNNPACK kernel, in registry.cc's table order. Its `initialize`
// starts XNNPACK (see xnn_util.h Initialize).
KernelLibrary Library();

}  // namespace onyx::kernels::xnnpack
