#pragma once

// The 2-D window of an NHWC-domain Conv or pooling node (kernels/api/window.h),
// declined in XnnpackExecutionProvider's name.

#include <cstdint>

#include "kernels/api/window.h"
#include "kernels/xnnpack/registry.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {

inline Result<Window2d> ResolveWindow2d(const PrepareContext& ctx, const int64_t kernel[2], const int64_t in[2],
                                        bool allow_ceil) {
  return kernels::ResolveWindow2d(ctx, kProviderName, kernel, in, allow_ceil);
}

inline Status ReadPoolKernel(const PrepareContext& ctx, int64_t kernel[2]) {
  return kernels::ReadPoolKernel(ctx, kProviderName, kernel);
}

inline Status DeclineAttrBefore(const PrepareContext& ctx, const char* name, int since) {
  return kernels::DeclineAttrBefore(ctx, kProviderName, name, since);
}

}  // namespace onyx::kernels::xnnpack
