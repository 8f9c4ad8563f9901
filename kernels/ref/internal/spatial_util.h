#pragma once

// Helpers shared by the spatial neural-network kernels (convolutions,
// pooling, resampling, ROI ops): the floating-point dtypes each opset
// allows, the type half-precision inputs compute in, checks on [N, C, D...]
// inputs, and the cubic convolution weights used by Resize and GridSample.

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/half.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// float, double and float16; bfloat16 too from opset `bf16_since` (22 for
// most spatial ops, when ONNX added it).
inline uint64_t SpatialFloatTypes(int opset, int bf16_since = 22) {
  return kFloatTypes | DTypeBit(DType::kFloat16) |
         (opset >= bf16_since ? DTypeBit(DType::kBFloat16) : 0);
}

// The type a kernel computes in for element type T: float for the 16-bit
// floats (their arithmetic would round at every step), T otherwise.
template <typename T>
struct ComputeTypeOf {
  using type = T;
};
template <>
struct ComputeTypeOf<Float16> {
  using type = float;
};
template <>
struct ComputeTypeOf<BFloat16> {
  using type = float;
};
template <typename T>
using ComputeType = typename ComputeTypeOf<T>::type;

// kUnsupported unless input `i` is one of SpatialFloatTypes(opset, bf16_since).
inline Status ExpectSpatialFloat(const PrepareContext& ctx, size_t i, int bf16_since = 22) {
  return ExpectDType(ctx, i, SpatialFloatTypes(ctx.node().opset, bf16_since));
}

// kInvalidArgument unless input `i` has rank >= `min_rank` ([N, C, D1, ...]).
inline Status ExpectImageRank(const PrepareContext& ctx, size_t i, size_t min_rank = 3) {
  const ValueInfo& x = ctx.input(i);
  RETURN_ERROR_IF(x.dims.size() < min_rank, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= ", min_rank, ": [N, C, D1, ...], got ",
                  DimsToString(x.dims), ")");
  return Status::Ok();
}

// kInvalidArgument unless input `i` has exactly `dims`; `what` describes them.
inline Status ExpectDims(const PrepareContext& ctx, size_t i, const Dims& dims,
                         const std::string& what) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dims != dims, StatusCode::kInvalidArgument, "input '", v.name,
                  "' shape (expected ", DimsToString(dims), ", ", what, ", got ",
                  DimsToString(v.dims), ")");
  return Status::Ok();
}

// The [n, c] planes of X [N, C, D1..Dn], for the Global*Pool ops.
struct PlaneParams {
  int64_t planes = 0;      // N * C.
  int64_t plane_size = 0;  // D1 * ... * Dn.
};

// Prepare shared by GlobalMaxPool and GlobalLpPool: one float input of rank
// >= 3; Y is [N, C, 1, ..., 1] of X's dtype.
inline Result<PlaneParams> PrepareGlobalPool(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectImageRank(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  PlaneParams p;
  p.planes = x.dims[0] * x.dims[1];
  p.plane_size = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  Dims out(x.dims.size(), 1);
  out[0] = x.dims[0];
  out[1] = x.dims[1];
  ctx.SetOutput(0, x.dtype, std::move(out));
  return p;
}

// Attribute 'p' of LpPool and GlobalLpPool: a float at opset 1, an int from
// opset 2 on; default 2; must be positive.
inline Result<double> ReadLpNorm(const Attributes& attrs, int opset) {
  double p = 2;
  if (opset < 2) {
    ASSIGN_OR_RETURN(float f, FloatAttr(attrs, "p", 2.0f));
    p = f;
  } else {
    ASSIGN_OR_RETURN(int64_t i, IntAttr(attrs, "p", 2));
    p = static_cast<double>(i);
  }
  RETURN_ERROR_IF(!(p > 0), StatusCode::kInvalidModel, "attribute 'p' (expected > 0, got ", p,
                  ")");
  return p;
}

// (sum of |x|^p)^(1/p), from the running sum of |x|^p; exact for p = 1, 2.
inline double LpFinish(double sum, double p) {
  return p == 1 ? sum : p == 2 ? std::sqrt(sum) : std::pow(sum, 1.0 / p);
}

inline double LpTerm(double v, double p) {
  const double a = std::abs(v);
  return p == 1 ? a : p == 2 ? a * a : std::pow(a, p);
}

// Floor division, for pads split from a total that may be negative.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The transposed window of ConvTranspose and Col2Im: input position i and
// kernel tap k (per spatial dim) land on output position
// i * stride + k * dilation - pad_begin, if that lies inside the output.
struct ScatterGeometry {
  Dims in, out, kernel, strides, dilations, pad_begin;
  int64_t in_size = 1, out_size = 1, kernel_size = 1;

  void Finish() {
    in_size = NumElements(in);
    out_size = NumElements(out);
    kernel_size = NumElements(kernel);
  }
};

template <typename F>
void ScatterDim(const ScatterGeometry& g, size_t d, int64_t in_off, int64_t k_off,
                int64_t out_off, F& f) {
  if (d == g.in.size()) {
    f(in_off, k_off, out_off);
    return;
  }
  for (int64_t i = 0; i < g.in[d]; ++i) {
    for (int64_t k = 0; k < g.kernel[d]; ++k) {
      const int64_t o = i * g.strides[d] + k * g.dilations[d] - g.pad_begin[d];
      if (o < 0 || o >= g.out[d]) continue;
      ScatterDim(g, d + 1, in_off * g.in[d] + i, k_off * g.kernel[d] + k, out_off * g.out[d] + o,
                 f);
    }
  }
}

// Calls f(in_offset, kernel_index, out_offset), all flat row-major, for every
// (input position, kernel tap) pair that lands inside the output. Recursion
// over the spatial dims keeps it free of allocation for any rank.
template <typename F>
void ForEachScatter(const ScatterGeometry& g, F&& f) {
  ScatterDim(g, 0, 0, 0, 0, f);
}

// Keys' cubic convolution weights for the four taps around a point at
// fraction `t` in [0, 1) past the second tap, with coefficient `a` (-0.75
// for GridSample and PyTorch, -0.5 for TensorFlow).
inline void CubicWeights(double t, double a, double w[4]) {
  auto near = [a](double x) { return ((a + 2) * x - (a + 3)) * x * x + 1; };       // |x| <= 1
  auto far = [a](double x) { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a; };  // 1 < |x| < 2
  w[0] = far(t + 1);
  w[1] = near(t);
  w[2] = near(1 - t);
  w[3] = far(2 - t);
}

}  // namespace onyx::kernels::ref
