// MelWeightMatrix: the [dft_length / 2 + 1, num_mel_bins] matrix of
// triangular filters that maps a one-sided linear spectrum to mel bands, with
// mel(f) = 2595 log10(1 + f / 700). As in ONNX's reference and ONNX Runtime,
// num_mel_bins + 2 edges are spaced by (mel(upper) - mel(lower)) /
// (num_mel_bins + 2) from mel(lower); edge i falls on spectrogram bin
// floor((dft_length + 1) hz_i / sample_rate), and band i rises from edge i to
// edge i + 1 and falls to edge i + 2, each with a peak of 1. num_mel_bins and
// dft_length decide the output shape, so Prepare needs their values; an edge
// that falls outside the spectrogram fails Run with kInvalidArgument.

#include <cmath>
#include <cstring>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/signal_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct MelState {
  int64_t mel_bins = 0, dft_length = 0, spectrogram_bins = 0;
};

double ScalarAsDouble(const TensorView& v) {
  switch (v.dtype) {
    case DType::kInt32: return *v.data_as<const int32_t>();
    case DType::kInt64: return static_cast<double>(*v.data_as<const int64_t>());
    case DType::kFloat32: return *v.data_as<const float>();
    case DType::kFloat64: return *v.data_as<const double>();
    case DType::kFloat16: return *v.data_as<const Float16>();
    case DType::kBFloat16: return *v.data_as<const BFloat16>();
    default: return NAN;  // Prepare admits no other type.
  }
}

// The spectrogram bin of each of the mel_bins + 2 edges, into `edges`.
Status MelEdges(const RunContext& ctx, const MelState& s, int64_t* edges) {
  const double sample_rate = ScalarAsDouble(ctx.input(2));
  const double lower = ScalarAsDouble(ctx.input(3));
  const double upper = ScalarAsDouble(ctx.input(4));
  RETURN_ERROR_IF(!(sample_rate > 0), StatusCode::kInvalidArgument,
                  "sample_rate (expected more than 0, got ", sample_rate, ")");
  const double low_mel = 2595 * std::log1p(lower / 700) / std::log(10.0);
  const double high_mel = 2595 * std::log1p(upper / 700) / std::log(10.0);
  const int64_t count = s.mel_bins + 2;
  const double step = (high_mel - low_mel) / static_cast<double>(count);
  for (int64_t i = 0; i < count; ++i) {
    const double hz = 700 * std::expm1((static_cast<double>(i) * step + low_mel) / 2595 *
                                       std::log(10.0));
    const double bin = std::floor(static_cast<double>(s.dft_length + 1) * hz / sample_rate);
    // The last edge only bounds a range; the others are written to.
    const int64_t highest = i == count - 1 ? s.spectrogram_bins : s.spectrogram_bins - 1;
    RETURN_ERROR_IF(!(bin >= 0 && bin <= static_cast<double>(highest)),
                    StatusCode::kInvalidArgument, "mel edge ", i, " (", hz,
                    " Hz) falls outside the spectrogram (expected bin [0, ", highest, "], got ",
                    bin, "); check lower_edge_hertz ", lower, ", upper_edge_hertz ", upper,
                    " and sample_rate ", sample_rate);
    edges[i] = static_cast<int64_t>(bin);
  }
  return Status::Ok();
}

}  // namespace

Status MelWeightMatrixPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(5, 5));
  MelState s;
  ASSIGN_OR_RETURN(s.mel_bins, KnownIntScalar(ctx, 0, "num_mel_bins"));
  ASSIGN_OR_RETURN(s.dft_length, KnownIntScalar(ctx, 1, "dft_length"));
  RETURN_ERROR_IF(s.mel_bins < 0, StatusCode::kInvalidArgument, "num_mel_bins input '",
                  ctx.input(0).name, "' (expected 0 or more, got ", s.mel_bins, ")");
  RETURN_ERROR_IF(s.dft_length < 1, StatusCode::kInvalidArgument, "dft_length input '",
                  ctx.input(1).name, "' (expected 1 or more, got ", s.dft_length, ")");
  for (size_t i = 1; i < 3; ++i) RETURN_IF_ERROR(ExpectSameDType(ctx, i, 0));
  RETURN_ERROR_IF(NumElements(ctx.input(2).dims) != 1, StatusCode::kInvalidArgument,
                  "sample_rate input '", ctx.input(2).name, "' shape (expected a scalar, got ",
                  DimsToString(ctx.input(2).dims), ")");
  RETURN_IF_ERROR(ExpectDType(ctx, 3, kFloatTypes | kHalfTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 4, 3));
  for (size_t i = 3; i < 5; ++i) {
    RETURN_ERROR_IF(NumElements(ctx.input(i).dims) != 1, StatusCode::kInvalidArgument, "input '",
                    ctx.input(i).name, "' shape (expected a scalar, got ",
                    DimsToString(ctx.input(i).dims), ")");
  }
  ASSIGN_OR_RETURN(DType dtype, OutputDataTypeAttr(ctx.attrs()));
  s.spectrogram_bins = s.dft_length / 2 + 1;
  ctx.SetOutput(0, dtype, Dims{s.spectrogram_bins, s.mel_bins});
  ctx.RequestScratch(static_cast<size_t>(s.mel_bins + 2) * sizeof(int64_t));
  ctx.EmplaceState<MelState>(s);
  return Status::Ok();
}

Status MelWeightMatrixRun(const RunContext& ctx) {
  const MelState& s = ctx.state<MelState>();
  int64_t* edges = static_cast<int64_t*>(ctx.scratch);
  RETURN_IF_ERROR(MelEdges(ctx, s, edges));
  return DispatchNumericOrHalf(ctx.output(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    T* y = ctx.output(0).data_as<T>();
    const int64_t m = s.mel_bins;
    for (int64_t k = 0; k < s.spectrogram_bins * m; ++k) y[k] = static_cast<T>(0.0);
    // The writes overlap at the peak; the order is the reference's.
    for (int64_t i = 0; i < m; ++i) {
      const int64_t low = edges[i], center = edges[i + 1], high = edges[i + 2];
      if (center == low) {
        y[center * m + i] = static_cast<T>(1.0);
      } else {
        for (int64_t j = low; j <= center; ++j) {
          y[j * m + i] = static_cast<T>(static_cast<double>(j - low) / static_cast<double>(center - low));
        }
      }
      for (int64_t j = center; j < high; ++j) {
        y[j * m + i] = static_cast<T>(static_cast<double>(high - j) / static_cast<double>(high - center));
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
