// DFT: the discrete Fourier transform of input [..., L at axis, ..., C] along
// `axis`, where the last dim C is 1 (real) or 2 (real, imaginary). The
// signal is cut or zero-padded to dft_length n (default L). Four modes:
//   inverse=0 onesided=0: complex output, n bins;
//   inverse=0 onesided=1: real input only, bins 0..n/2 (RFFT);
//   inverse=1 onesided=0: (1/n) sum e^(+2 pi i k t / n) x[k], complex output;
//   inverse=1 onesided=1: complex input holding bins 0..n/2 of a Hermitian
//     spectrum, real output of n samples (IRFFT); n defaults to 2 (L - 1),
//     and the imaginary parts of bin 0 and (even n) bin n/2 are dropped, as
//     numpy.fft.irfft does.
// Opset 17 takes `axis` as an attribute (default 1), opset 20 as an optional
// int64 input (default -2); both accept [-r, -2] and [0, r - 2]. dft_length
// and the axis input decide the output shape, so Prepare needs their values.

#include <algorithm>
#include <complex>
#include <vector>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/signal_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct DftState {
  FftPlan plan;
  bool inverse = false, onesided = false;
  int64_t outer = 1, len = 0, inner = 1, channels = 1;  // Input as [outer, len, inner, channels].
  int64_t out_len = 0, out_channels = 2;
};

template <typename T>
void DftLine(const DftState& s, const T* x, T* y, Complex* line, Complex* scratch) {
  const int64_t n = s.plan.n;
  const int64_t stride = s.inner * s.channels;
  auto at = [&](int64_t k) {
    const double re = static_cast<double>(x[k * stride]);
    return Complex(re, s.channels == 2 ? static_cast<double>(x[k * stride + 1]) : 0.0);
  };
  if (s.inverse && s.onesided) {
    // Rebuild the full Hermitian spectrum from bins 0..n/2.
    const int64_t have = std::min(s.len, n / 2 + 1);
    for (int64_t k = 0; k < n; ++k) line[k] = Complex(0, 0);
    for (int64_t k = 0; k < have; ++k) {
      line[k] = at(k);
      if (k > 0 && n - k != k) line[n - k] = std::conj(line[k]);
    }
  } else {
    for (int64_t k = 0; k < n; ++k) line[k] = k < s.len ? at(k) : Complex(0, 0);
  }
  Fft(s.plan, line, scratch, s.inverse);
  const double scale = s.inverse ? 1.0 / static_cast<double>(n) : 1.0;
  const int64_t out_stride = s.inner * s.out_channels;
  for (int64_t k = 0; k < s.out_len; ++k) {
    y[k * out_stride] = static_cast<T>(line[k].real() * scale);
    if (s.out_channels == 2) y[k * out_stride + 1] = static_cast<T>(line[k].imag() * scale);
  }
}

Result<int64_t> AxisOf(const PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  if (opset < 20) return IntAttr(ctx.attrs(), "axis", 1);
  RETURN_ERROR_IF(ctx.attrs().Has("axis"), StatusCode::kInvalidModel,
                  "attribute 'axis' is an input from opset 20 on (expected input #2, got the "
                  "attribute at opset ", opset, ")");
  if (!ctx.has_input(2)) return int64_t{-2};
  RETURN_ERROR_IF(ctx.input(2).dtype != DType::kInt64, StatusCode::kInvalidArgument,
                  "axis input '", ctx.input(2).name, "' dtype (expected int64, got ",
                  DTypeName(ctx.input(2).dtype), ")");
  return KnownIntScalar(ctx, 2, "axis");
}

}  // namespace

Status DftPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, opset < 20 ? 2 : 3));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes | kHalfTypes));
  const ValueInfo& x = ctx.input(0);
  const int64_t rank = static_cast<int64_t>(x.dims.size());
  RETURN_ERROR_IF(rank < 2 || (x.dims.back() != 1 && x.dims.back() != 2),
                  StatusCode::kInvalidArgument, "input '", x.name,
                  "' shape (expected [..., signal dims, 1 or 2] of rank 2 or more, got ",
                  DimsToString(x.dims), ")");
  ASSIGN_OR_RETURN(int64_t axis, AxisOf(ctx));
  RETURN_ERROR_IF(axis < -rank || axis > rank - 2 || axis == -1, StatusCode::kInvalidArgument,
                  "axis out of range for input '", x.name, "' ", DimsToString(x.dims),
                  " (expected [", -rank, ", -2] or [0, ", rank - 2, "], got ", axis, ")");
  if (axis < 0) axis += rank;
  DftState s;
  ASSIGN_OR_RETURN(s.inverse, BoolAttr(ctx.attrs(), "inverse", false));
  ASSIGN_OR_RETURN(s.onesided, BoolAttr(ctx.attrs(), "onesided", false));
  s.channels = x.dims.back();
  s.len = x.dims[axis];
  for (int64_t d = 0; d < axis; ++d) s.outer *= x.dims[d];
  for (int64_t d = axis + 1; d < rank - 1; ++d) s.inner *= x.dims[d];
  RETURN_ERROR_IF(s.onesided && !s.inverse && s.channels != 1, StatusCode::kInvalidArgument,
                  "onesided=1 without inverse takes a real input '", x.name,
                  "' (expected last dim 1, got ", DimsToString(x.dims), ")");
  RETURN_ERROR_IF(s.onesided && s.inverse && s.channels != 2, StatusCode::kInvalidArgument,
                  "onesided=1 with inverse=1 takes a complex input '", x.name,
                  "' (expected last dim 2, got ", DimsToString(x.dims), ")");
  int64_t n = s.onesided && s.inverse ? 2 * (s.len - 1) : s.len;
  if (ctx.has_input(1)) {
    ASSIGN_OR_RETURN(n, KnownIntScalar(ctx, 1, "dft_length"));
    RETURN_ERROR_IF(n < 1, StatusCode::kInvalidArgument, "dft_length input '", ctx.input(1).name,
                    "' (expected 1 or more, got ", n, ")");
  }
  RETURN_ERROR_IF(n < 1, StatusCode::kInvalidArgument, "input '", x.name, "' has ", s.len,
                  " values along axis ", axis, " (expected a DFT length of 1 or more, got ", n,
                  ")");
  s.out_len = s.onesided && !s.inverse ? n / 2 + 1 : n;
  s.out_channels = s.onesided && s.inverse ? 1 : 2;
  Dims out = x.dims;
  out[axis] = s.out_len;
  out.back() = s.out_channels;
  s.plan = MakeFftPlan(n);
  ctx.RequestScratch(static_cast<size_t>(n + s.plan.scratch_elements()) * sizeof(Complex));
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<DftState>(std::move(s));
  return Status::Ok();
}

Status DftRun(const RunContext& ctx) {
  const DftState& s = ctx.state<DftState>();
  Complex* line = static_cast<Complex*>(ctx.scratch);
  Complex* scratch = line + s.plan.n;
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t o = 0; o < s.outer; ++o) {
      for (int64_t i = 0; i < s.inner; ++i) {
        const T* xl = x + (o * s.len * s.inner + i) * s.channels;
        T* yl = y + (o * s.out_len * s.inner + i) * s.out_channels;
        DftLine(s, xl, yl, line, scratch);
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
