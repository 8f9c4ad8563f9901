// Range: [start, start + delta, ...) up to limit (exclusive), with
// max(ceil((limit - start) / delta), 0) elements. The three scalar inputs
// share a dtype: float, double, int16, int32, int64, and from opset 27
// float16 and bfloat16, which compute in float (stash_type 1, the default)
// or double (11). Integers are exact; float and double compute each element
// as start + i * delta in double, as numpy.arange does. The count decides
// the output shape, so Prepare must know the values.

#include <cmath>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kRangeIntTypes =
    DTypeBit(DType::kInt16) | DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64);
// Past this many elements a Range is surely a mistake; also keeps counts exact in double.
constexpr double kMaxRangeElements = 4503599627370496.0;  // 2^52

struct RangeParams {
  int64_t count = 0;
  int64_t int_start = 0, int_delta = 0;
  double start = 0, delta = 0;
  bool stash_float = true;  // float16/bfloat16: compute in float (else double).
};

// The value of scalar input `i` as an exact int64.
Result<int64_t> KnownInt(const PrepareContext& ctx, size_t i, const char* role) {
  ASSIGN_OR_RETURN(double ignored, KnownScalarInput(ctx, i, role));
  (void)ignored;
  const ValueInfo& v = ctx.input(i);
  int64_t value = 0;
  RETURN_IF_ERROR(DispatchNumeric(v.dtype, [&](auto tag) {
    value = static_cast<int64_t>(*static_cast<const decltype(tag)*>(v.data));
    return Status::Ok();
  }));
  return value;
}

Status PrepareIntRange(const PrepareContext& ctx, RangeParams& p) {
  ASSIGN_OR_RETURN(p.int_start, KnownInt(ctx, 0, "start"));
  ASSIGN_OR_RETURN(int64_t limit, KnownInt(ctx, 1, "limit"));
  ASSIGN_OR_RETURN(p.int_delta, KnownInt(ctx, 2, "delta"));
  RETURN_ERROR_IF(p.int_delta == 0, StatusCode::kInvalidArgument, "delta input '",
                  ctx.input(2).name, "' is zero (expected a nonzero step, got 0)");
  const __int128 diff = static_cast<__int128>(limit) - p.int_start;
  const __int128 delta = p.int_delta;
  __int128 count = diff / delta;
  if (count * delta != diff && (diff > 0) == (delta > 0)) ++count;  // Ceiling.
  p.count = count > 0 ? static_cast<int64_t>(count) : 0;
  return Status::Ok();
}

Status PrepareFloatRange(const PrepareContext& ctx, RangeParams& p) {
  ASSIGN_OR_RETURN(p.start, KnownScalarInput(ctx, 0, "start"));
  ASSIGN_OR_RETURN(double limit, KnownScalarInput(ctx, 1, "limit"));
  ASSIGN_OR_RETURN(p.delta, KnownScalarInput(ctx, 2, "delta"));
  RETURN_ERROR_IF(p.delta == 0 || std::isnan(p.delta), StatusCode::kInvalidArgument,
                  "delta input '", ctx.input(2).name,
                  "' is not a usable step (expected a nonzero number, got ", p.delta, ")");
  const double count = std::ceil((limit - p.start) / p.delta);
  RETURN_ERROR_IF(!(count < kMaxRangeElements), StatusCode::kOutOfMemory, "Range from ", p.start,
                  " to ", limit, " by ", p.delta,
                  " is too long (expected fewer than 2^52 elements, got ", count, ")");
  p.count = count > 0 ? static_cast<int64_t>(count) : 0;
  return Status::Ok();
}

}  // namespace

Status RangePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  const uint64_t allowed = kFloatTypes | kRangeIntTypes | (opset >= 27 ? kHalfTypes : uint64_t{0});
  RETURN_IF_ERROR(ExpectDType(ctx, 0, allowed));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "stash_type", opset, 27));
  ASSIGN_OR_RETURN(int64_t stash, IntAttr(ctx.attrs(), "stash_type", 1));
  RETURN_ERROR_IF(
      stash != 1 && stash != 11, StatusCode::kInvalidModel,
      "attribute 'stash_type' is not supported (expected 1 (float) or 11 (double), got ", stash,
      ")");
  const DType dtype = ctx.input(0).dtype;
  auto* p = ctx.EmplaceState<RangeParams>();
  p->stash_float = stash == 1;
  if ((kRangeIntTypes & DTypeBit(dtype)) != 0) {
    RETURN_IF_ERROR(PrepareIntRange(ctx, *p));
  } else {
    RETURN_IF_ERROR(PrepareFloatRange(ctx, *p));
  }
  ctx.SetOutput(0, dtype, Dims{p->count});
  return Status::Ok();
}

Status RangeRun(const RunContext& ctx) {
  const RangeParams& p = ctx.state<RangeParams>();
  const DType dtype = ctx.output(0).dtype;
  if ((kRangeIntTypes & DTypeBit(dtype)) != 0) {
    return DispatchNumeric(dtype, [&](auto tag) {
      using T = decltype(tag);
      T* out = ctx.output(0).data_as<T>();
      for (int64_t i = 0; i < p.count; ++i) out[i] = static_cast<T>(p.int_start + i * p.int_delta);
      return Status::Ok();
    });
  }
  return DispatchFloatOrHalf(dtype, [&](auto tag) {
    using T = decltype(tag);
    T* out = ctx.output(0).data_as<T>();
    const bool half = sizeof(T) == 2;
    const float start_f = static_cast<float>(p.start), delta_f = static_cast<float>(p.delta);
    for (int64_t i = 0; i < p.count; ++i) {
      if (half && p.stash_float) {
        out[i] = static_cast<T>(start_f + static_cast<float>(i) * delta_f);
      } else {
        out[i] = static_cast<T>(p.start + static_cast<double>(i) * p.delta);
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
