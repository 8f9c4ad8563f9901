#pragma once

// What the signal-processing kernels share (DFT, STFT, the windows,
// MelWeightMatrix): reading the scalar integer inputs that decide output
// shapes, the 'output_datatype' attribute, and a complex FFT of any length.
//
// The FFT works in double whatever the element type: radix-2 for powers of
// two, the O(n^2) sum for short other lengths, and Bluestein's chirp-z
// algorithm (a power-of-two convolution) for long ones, so every length costs
// O(n log n). Twiddles are tabulated in Prepare from exact integer phases
// (k * t mod n), which keeps long transforms accurate.

#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

using Complex = std::complex<double>;

constexpr double kPi = 3.14159265358979323846;

// The value of scalar input `i` (int32 or int64, shape [] or [1]), which
// Prepare needs because it decides an output shape; kFailedPrecondition
// (PrepareContext::ValueRequired) while the value is unknown.
inline Result<int64_t> KnownIntScalar(const PrepareContext& ctx, size_t i, const char* role) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dtype != DType::kInt32 && v.dtype != DType::kInt64,
                  StatusCode::kInvalidArgument, role, " input '", v.name,
                  "' dtype (expected int32 or int64, got ", DTypeName(v.dtype), ")");
  RETURN_ERROR_IF(v.dims.size() > 1 || NumElements(v.dims) != 1, StatusCode::kInvalidArgument,
                  role, " input '", v.name, "' shape (expected a scalar, got ",
                  DimsToString(v.dims), ")");
  if (v.data == nullptr) return ctx.ValueRequired(i, role);
  if (v.dtype == DType::kInt32) return static_cast<int64_t>(*static_cast<const int32_t*>(v.data));
  return *static_cast<const int64_t*>(v.data);
}

// Output element types of the windows and MelWeightMatrix (ONNX's T2/T3).
constexpr uint64_t kSignalOutputTypes =
    DTypeBit(DType::kFloat32) | DTypeBit(DType::kFloat64) | DTypeBit(DType::kFloat16) |
    DTypeBit(DType::kBFloat16) | DTypeBit(DType::kInt8) | DTypeBit(DType::kInt16) |
    DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) | DTypeBit(DType::kUInt8) |
    DTypeBit(DType::kUInt16) | DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64);

// Attribute 'output_datatype' (default 1, float), checked against kSignalOutputTypes.
inline Result<DType> OutputDataTypeAttr(const Attributes& attrs) {
  ASSIGN_OR_RETURN(int64_t v, IntAttr(attrs, "output_datatype", 1));
  const bool known = v >= 1 && v <= kMaxDType;
  RETURN_ERROR_IF(!known || (kSignalOutputTypes & DTypeBit(static_cast<DType>(v))) == 0,
                  StatusCode::kInvalidModel, "attribute 'output_datatype' (expected one of ",
                  DTypeList(kSignalOutputTypes), ", got ",
                  known ? DTypeName(static_cast<DType>(v)) : "unknown type", " (", v, "))");
  return static_cast<DType>(v);
}

// The windows (HannWindow, HammingWindow, BlackmanWindow): output [size] of
// 'output_datatype', periodic (default) or symmetric.
struct WindowState {
  int64_t size = 0;
  bool periodic = true;
};

inline Status PrepareWindow(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  ASSIGN_OR_RETURN(int64_t size, KnownIntScalar(ctx, 0, "size"));
  RETURN_ERROR_IF(size < 0, StatusCode::kInvalidArgument, "size input '", ctx.input(0).name,
                  "' (expected 0 or more, got ", size, ")");
  ASSIGN_OR_RETURN(bool periodic, BoolAttr(ctx.attrs(), "periodic", true));
  ASSIGN_OR_RETURN(DType dtype, OutputDataTypeAttr(ctx.attrs()));
  ctx.SetOutput(0, dtype, Dims{size});
  ctx.EmplaceState<WindowState>(WindowState{size, periodic});
  return Status::Ok();
}

// Writes w(n, N) for n in [0, size), N = size (periodic) or size - 1
// (symmetric), computed in double and converted as numpy's astype does
// (integer types truncate). The windows spell their formulas in the order of
// ONNX's reference, so that values that truncate (a peak of 1) agree. A
// symmetric window of one sample is [1], as in PyTorch and SciPy, rather than
// 0/0.
template <typename F>
Status RunWindow(const RunContext& ctx, F w) {
  const WindowState& s = ctx.state<WindowState>();
  const double big_n = static_cast<double>(s.periodic ? s.size : s.size - 1);
  return DispatchNumericOrHalf(ctx.output(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    T* y = ctx.output(0).data_as<T>();
    for (int64_t n = 0; n < s.size; ++n) {
      y[n] = static_cast<T>(big_n == 0 ? 1.0 : w(static_cast<double>(n), big_n));
    }
    return Status::Ok();
  });
}

// Tables for transforms of length n, made in Prepare.
struct FftPlan {
  int64_t n = 0;
  int64_t m = 0;                       // Bluestein's convolution length; 0 when not used.
  std::vector<Complex> twiddle;        // e^(-2 pi i k / n), k in [0, n).
  std::vector<Complex> chirp;          // Bluestein: e^(-pi i k^2 / n), k in [0, n).
  std::vector<Complex> twiddle_m;      // Bluestein: e^(-2 pi i k / m), k in [0, m).
  std::vector<Complex> filter_fft;     // Bluestein: the FFT of the conjugate chirp filter.

  // Complex values of scratch that Fft needs.
  int64_t scratch_elements() const { return m > 0 ? m : (IsPowerOfTwo(n) ? 0 : n); }

  static bool IsPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }
};

// e^(-2 pi i k / n) from the integer phase k mod n.
inline Complex UnitRoot(int64_t k, int64_t n) {
  const double angle = -2.0 * kPi * static_cast<double>(k % n) / static_cast<double>(n);
  return Complex(std::cos(angle), std::sin(angle));
}

// In-place radix-2 transform of a power-of-two length n; `tw` holds
// e^(-2 pi i k / n). `inverse` conjugates the twiddles (no 1/n).
inline void Radix2(Complex* a, int64_t n, const Complex* tw, bool inverse) {
  for (int64_t i = 1, j = 0; i < n; ++i) {
    int64_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (int64_t len = 2; len <= n; len <<= 1) {
    const int64_t step = n / len;
    for (int64_t start = 0; start < n; start += len) {
      for (int64_t k = 0; k < len / 2; ++k) {
        const Complex w = inverse ? std::conj(tw[k * step]) : tw[k * step];
        const Complex u = a[start + k], v = a[start + k + len / 2] * w;
        a[start + k] = u + v;
        a[start + k + len / 2] = u - v;
      }
    }
  }
}

inline FftPlan MakeFftPlan(int64_t n) {
  FftPlan p;
  p.n = n;
  p.twiddle.resize(n);
  for (int64_t k = 0; k < n; ++k) p.twiddle[k] = UnitRoot(k, n);
  if (FftPlan::IsPowerOfTwo(n) || n <= 64) return p;
  p.m = 1;
  while (p.m < 2 * n - 1) p.m <<= 1;
  p.chirp.resize(n);
  for (int64_t k = 0; k < n; ++k) {
    // k^2 / (2n) mod 1 from integers: e^(-pi i k^2 / n) = e^(-2 pi i (k^2 mod 2n) / 2n).
    const uint64_t uk = static_cast<uint64_t>(k);
    const int64_t phase = static_cast<int64_t>(uk * uk % static_cast<uint64_t>(2 * n));
    p.chirp[k] = UnitRoot(phase, 2 * n);
  }
  p.twiddle_m.resize(p.m);
  for (int64_t k = 0; k < p.m; ++k) p.twiddle_m[k] = UnitRoot(k, p.m);
  p.filter_fft.assign(p.m, Complex(0, 0));
  p.filter_fft[0] = std::conj(p.chirp[0]);
  for (int64_t k = 1; k < n; ++k) p.filter_fft[k] = p.filter_fft[p.m - k] = std::conj(p.chirp[k]);
  Radix2(p.filter_fft.data(), p.m, p.twiddle_m.data(), false);
  return p;
}

// In-place DFT of the n values at `a` (forward: e^(-2 pi i k t / n); inverse:
// e^(+2 pi i k t / n), unscaled). `scratch` holds plan.scratch_elements().
inline void Fft(const FftPlan& p, Complex* a, Complex* scratch, bool inverse) {
  const int64_t n = p.n;
  if (FftPlan::IsPowerOfTwo(n)) {
    Radix2(a, n, p.twiddle.data(), inverse);
    return;
  }
  // The inverse is the conjugate of the forward transform of the conjugate.
  if (inverse) {
    for (int64_t t = 0; t < n; ++t) a[t] = std::conj(a[t]);
  }
  if (p.m == 0) {
    for (int64_t k = 0; k < n; ++k) {
      Complex sum(0, 0);
      for (int64_t t = 0; t < n; ++t) sum += a[t] * p.twiddle[(k * t) % n];
      scratch[k] = sum;
    }
    for (int64_t k = 0; k < n; ++k) a[k] = scratch[k];
  } else {
    Complex* b = scratch;
    for (int64_t t = 0; t < p.m; ++t) b[t] = t < n ? a[t] * p.chirp[t] : Complex(0, 0);
    Radix2(b, p.m, p.twiddle_m.data(), false);
    for (int64_t t = 0; t < p.m; ++t) b[t] *= p.filter_fft[t];
    Radix2(b, p.m, p.twiddle_m.data(), true);
    const double scale = 1.0 / static_cast<double>(p.m);
    for (int64_t k = 0; k < n; ++k) a[k] = b[k] * scale * p.chirp[k];
  }
  if (inverse) {
    for (int64_t t = 0; t < n; ++t) a[t] = std::conj(a[t]);
  }
}

}  // namespace onyx::kernels::ref
