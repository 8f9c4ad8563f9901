#pragma once

// The 2-D window of a Conv or pooling node, resolved as ONNX defines it
// (kernel, strides, dilations, pads or auto_pad, ceil_mode) into explicit
// paddings, for providers whose kernels take those (XNNPACK, CUDA). An output
// extent is floor((in + pads - dilated kernel) / stride) + 1; ceil_mode
// becomes extra end padding that gives ONNX's extent under that formula.
// What a provider cannot express is declined (kUnsupported, "<provider>
// declines: ..."), leaving the node to the next provider.

#include <cstdint>

#include "kernels/api/kernel.h"

namespace onyx::kernels {

struct Window2d {
  uint32_t kernel[2] = {1, 1};  // Height, width.
  uint32_t stride[2] = {1, 1};
  uint32_t dilation[2] = {1, 1};
  uint32_t pad_begin[2] = {0, 0};  // Top, left.
  uint32_t pad_end[2] = {0, 0};    // Bottom, right, ceil_mode's extension included.
  bool extended = false;           // ceil_mode added end padding beyond the node's own.
  bool own_padding = false;        // The node's own pads (explicit or auto_pad) are not all 0.
  int64_t out[2] = {0, 0};

  // The dilated kernel's extent along `d`.
  int64_t span(int d) const { return (int64_t{kernel[d]} - 1) * dilation[d] + 1; }
  bool any_padding() const { return (pad_begin[0] | pad_begin[1] | pad_end[0] | pad_end[1]) != 0; }
};

// Resolves the window over spatial extents `in` (H, W) with kernel extents
// `kernel` (from W or kernel_shape), reading strides, dilations, pads,
// auto_pad and, when `allow_ceil`, ceil_mode. Declines unusual values
// (non-positive strides or dilations, negative pads, an empty output).
Result<Window2d> ResolveWindow2d(const PrepareContext& ctx, const char* provider, const int64_t kernel[2],
                                 const int64_t in[2], bool allow_ceil);

// kernel_shape of a pooling node: two positive extents, else declined.
Status ReadPoolKernel(const PrepareContext& ctx, const char* provider, int64_t kernel[2]);

// Declines when attribute `name` is set although the node's opset predates
// it (`since`): the reference kernel reports that model error.
Status DeclineAttrBefore(const PrepareContext& ctx, const char* provider, const char* name, int since);

}  // namespace onyx::kernels
