#pragma once

// Sliding-window geometry shared by Conv, MaxPool and AveragePool: reading
// kernel_shape, strides, dilations, pads and auto_pad; resolving output sizes
// and pads for one input shape (ONNX's formulas, including ceil_mode); and
// visiting the input elements under one output position's window.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "kernels/api/attributes.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

enum class AutoPad { kNotSet, kSameUpper, kSameLower, kValid };

inline Result<AutoPad> ReadAutoPad(const Attributes& attrs) {
  ASSIGN_OR_RETURN(std::string s, StringAttr(attrs, "auto_pad", "NOTSET"));
  if (s == "NOTSET") return AutoPad::kNotSet;
  if (s == "SAME_UPPER") return AutoPad::kSameUpper;
  if (s == "SAME_LOWER") return AutoPad::kSameLower;
  if (s == "VALID") return AutoPad::kValid;
  return MakeError(StatusCode::kInvalidModel,
                   "attribute 'auto_pad' (expected NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '",
                   s, "')");
}

// The ints attribute `name` holding `count` values, each >= `min_value`;
// `count` copies of `fallback` when absent.
inline Result<Dims> ReadSpatialInts(const Attributes& attrs, const char* name, size_t count,
                                    int64_t fallback, int64_t min_value) {
  ASSIGN_OR_RETURN(Dims v, IntsAttr(attrs, name));
  if (!attrs.Has(name)) return Dims(count, fallback);
  RETURN_ERROR_IF(v.size() != count, StatusCode::kInvalidModel, "attribute '", name,
                  "' length (expected ", count, ", got ", v.size(), ")");
  for (int64_t x : v) {
    RETURN_ERROR_IF(x < min_value, StatusCode::kInvalidModel, "attribute '", name,
                    "' values (expected >= ", min_value, ", got ", DimsToString(v), ")");
  }
  return v;
}

// kernel_shape of a pooling node: required, one value >= 1 per spatial dim.
inline Result<Dims> ReadPoolKernelShape(const Attributes& attrs, size_t spatial_rank) {
  RETURN_ERROR_IF(!attrs.Has("kernel_shape"), StatusCode::kInvalidModel,
                  "attribute 'kernel_shape' is required (expected ", spatial_rank,
                  " values, got none)");
  return ReadSpatialInts(attrs, "kernel_shape", spatial_rank, 1, 1);
}

// A node's window attributes, validated against its number of spatial dims.
struct WindowAttrs {
  AutoPad auto_pad = AutoPad::kNotSet;
  Dims kernel, strides, dilations;
  Dims pads;  // ONNX order: every begin, then every end.
  bool ceil_mode = false;
};

// Reads strides, dilations, pads and auto_pad for a window of shape `kernel`.
// Attributes an opset lacks are rejected by the caller before this.
inline Result<WindowAttrs> ReadWindowAttrs(const Attributes& attrs, Dims kernel) {
  const size_t n = kernel.size();
  WindowAttrs w;
  ASSIGN_OR_RETURN(w.auto_pad, ReadAutoPad(attrs));
  ASSIGN_OR_RETURN(w.strides, ReadSpatialInts(attrs, "strides", n, 1, 1));
  ASSIGN_OR_RETURN(w.dilations, ReadSpatialInts(attrs, "dilations", n, 1, 1));
  ASSIGN_OR_RETURN(w.pads, ReadSpatialInts(attrs, "pads", 2 * n, 0, 0));
  if (w.auto_pad != AutoPad::kNotSet) {
    for (int64_t p : w.pads) {
      RETURN_ERROR_IF(
          p != 0, StatusCode::kInvalidModel,
          "attribute 'pads' with auto_pad other than NOTSET (expected absent or zeros, got ",
          DimsToString(w.pads), ")");
    }
  }
  w.kernel = std::move(kernel);
  return w;
}

// The window resolved for one input shape. All vectors have one entry per
// spatial dim; sizes are products over the spatial dims.
struct WindowGeometry {
  Dims in, out, kernel, strides, dilations, pad_begin, pad_end;
  Dims out_strides;     // Row-major strides of the output's spatial block.
  Dims in_col_strides;  // Column-major strides of the input's spatial block.
  int64_t in_size = 1, out_size = 1, kernel_size = 1;

  size_t rank() const { return in.size(); }
};

inline int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Output extent and pads of spatial dim `i` (ONNX's formulas: SAME gives
// ceil(in / stride) with the odd pad at the end for SAME_UPPER, at the begin
// for SAME_LOWER; ceil_mode drops a last window that would start in the end pad).
inline Status ResolveDim(const WindowAttrs& w, size_t i, int64_t in, const std::string& input,
                         WindowGeometry& g) {
  const size_t n = w.kernel.size();
  const int64_t s = w.strides[i];
  const int64_t dk = (w.kernel[i] - 1) * w.dilations[i] + 1;
  int64_t begin = w.pads[i], end = w.pads[n + i];
  if (w.auto_pad == AutoPad::kSameUpper || w.auto_pad == AutoPad::kSameLower) {
    const int64_t out = CeilDiv(in, s);
    const int64_t total = out > 0 ? std::max<int64_t>(0, (out - 1) * s + dk - in) : 0;
    begin = w.auto_pad == AutoPad::kSameUpper ? total / 2 : total - total / 2;
    end = total - begin;
    g.out[i] = out;
  } else {
    const int64_t span = in + begin + end - dk;
    RETURN_ERROR_IF(span < 0, StatusCode::kInvalidArgument, "input '", input, "' spatial dim ", i,
                    " plus pads (expected >= ", dk, ", the dilated kernel size, got ",
                    in + begin + end, ")");
    int64_t out = (w.ceil_mode && w.auto_pad == AutoPad::kNotSet ? CeilDiv(span, s) : span / s) + 1;
    if (w.ceil_mode && w.auto_pad == AutoPad::kNotSet && (out - 1) * s >= in + begin) --out;
    g.out[i] = out;
  }
  g.pad_begin[i] = begin;
  g.pad_end[i] = end;
  return Status::Ok();
}

inline Result<WindowGeometry> ResolveWindow(const WindowAttrs& w, const Dims& in_spatial,
                                            const std::string& input) {
  const size_t n = w.kernel.size();
  WindowGeometry g;
  g.in = in_spatial;
  g.kernel = w.kernel;
  g.strides = w.strides;
  g.dilations = w.dilations;
  g.out.assign(n, 0);
  g.pad_begin.assign(n, 0);
  g.pad_end.assign(n, 0);
  for (size_t i = 0; i < n; ++i) RETURN_IF_ERROR(ResolveDim(w, i, in_spatial[i], input, g));
  g.out_strides.assign(n, 1);
  g.in_col_strides.assign(n, 1);
  for (size_t i = n; i-- > 1;) g.out_strides[i - 1] = g.out_strides[i] * g.out[i];
  for (size_t i = 1; i < n; ++i) g.in_col_strides[i] = g.in_col_strides[i - 1] * g.in[i - 1];
  g.in_size = NumElements(g.in);
  g.out_size = NumElements(g.out);
  g.kernel_size = NumElements(g.kernel);
  return g;
}

// One window element inside the input: its flat position in the kernel, and
// its flat offset in the input's spatial block, row-major and column-major.
struct Tap {
  int64_t kernel_index;
  int64_t offset;
  int64_t col_major_offset;
};

template <typename F>
void ForEachTapInDim(const WindowGeometry& g, size_t d, int64_t out_index, Tap tap, F& f) {
  if (d == g.rank()) {
    f(tap);
    return;
  }
  const int64_t o = out_index / g.out_strides[d] % g.out[d];
  const int64_t start = o * g.strides[d] - g.pad_begin[d];
  for (int64_t k = 0; k < g.kernel[d]; ++k) {
    const int64_t x = start + k * g.dilations[d];
    if (x < 0 || x >= g.in[d]) continue;
    Tap next{tap.kernel_index * g.kernel[d] + k, tap.offset * g.in[d] + x,
             tap.col_major_offset + x * g.in_col_strides[d]};
    ForEachTapInDim(g, d + 1, out_index, next, f);
  }
}

// Calls f(Tap) for every element of the window at output position
// `out_index` (flat, row-major) that lies inside the input, not in padding,
// in row-major kernel order. Recursion over the spatial dims keeps it free of
// allocation for any rank.
template <typename F>
void ForEachTap(const WindowGeometry& g, int64_t out_index, F&& f) {
  ForEachTapInDim(g, 0, out_index, Tap{0, 0, 0}, f);
}

// Number of window elements at `out_index` inside the input plus its explicit
// pads (what AveragePool divides by with count_include_pad); elements past the
// end pad, which only ceil_mode creates, do not count.
inline int64_t PaddedTapCount(const WindowGeometry& g, int64_t out_index) {
  int64_t count = 1;
  for (size_t d = 0; d < g.rank(); ++d) {
    const int64_t o = out_index / g.out_strides[d] % g.out[d];
    const int64_t start = o * g.strides[d] - g.pad_begin[d];
    int64_t n = 0;
    for (int64_t k = 0; k < g.kernel[d]; ++k) {
      const int64_t x = start + k * g.dilations[d];
      n += x >= -g.pad_begin[d] && x < g.in[d] + g.pad_end[d];
    }
    count *= n;
  }
  return count;
}

}  // namespace onyx::kernels::ref
