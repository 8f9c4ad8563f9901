// NonZero: the coordinates of the nonzero elements of X in row-major order,
// as int64 [rank, count] (a scalar gives [0, count], as the spec says).
// Floats compare with 0 by value (-0.0 is zero, NaN is not); complex
// numbers are nonzero when either part is. The count depends on the data,
// so the output is dynamic unless Prepare knows X's value.

#include <cstdint>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct NonZeroParams {
  bool dynamic = true;
  Dims dims;
};

// Calls f(T{}) with a type whose `!= T(0)` test is the element's: complex
// numbers as pairs of their part type, so an element is two of those.
template <typename F>
Status DispatchNonZero(DType dtype, F&& f) {
  if (dtype == DType::kBool) return f(uint8_t{});
  if (dtype == DType::kComplex64) return f(float{});
  if (dtype == DType::kComplex128) return f(double{});
  return DispatchNumericOrHalf(dtype, f);
}

// Calls visit(k) for the flat position k of each nonzero element of `x`.
template <typename V>
Status ForEachNonZero(const TensorView& x, V&& visit) {
  const int64_t n = x.num_elements();
  const int parts = x.dtype == DType::kComplex64 || x.dtype == DType::kComplex128 ? 2 : 1;
  return DispatchNonZero(x.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* data = x.data_as<const T>();
    for (int64_t k = 0; k < n; ++k) {
      bool nonzero = false;
      for (int part = 0; part < parts; ++part) {
        nonzero |= data[k * parts + part] != T(0);  // True for NaN too.
      }
      if (nonzero) visit(k);
    }
    return Status::Ok();
  });
}

Result<int64_t> CountNonZero(const TensorView& x) {
  int64_t count = 0;
  RETURN_IF_ERROR(ForEachNonZero(x, [&](int64_t) { ++count; }));
  return count;
}

}  // namespace

Status NonZeroPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF((kValueTypes & DTypeBit(x.dtype)) == 0 && x.dtype != DType::kComplex64 &&
                      x.dtype != DType::kComplex128,
                  StatusCode::kUnsupported, "input '", x.name,
                  "' dtype is not supported (expected a number or bool, got ", DTypeName(x.dtype),
                  ")");
  auto* p = ctx.EmplaceState<NonZeroParams>();
  p->dims = x.dims;
  if (x.data == nullptr) {
    ctx.SetDynamicOutput(0, DType::kInt64);
    return Status::Ok();
  }
  p->dynamic = false;
  ASSIGN_OR_RETURN(int64_t count,
                   CountNonZero(TensorView{x.dtype, x.dims, const_cast<void*>(x.data)}));
  ctx.SetOutput(0, DType::kInt64, Dims{static_cast<int64_t>(x.dims.size()), count});
  return Status::Ok();
}

Status NonZeroRun(const RunContext& ctx) {
  const NonZeroParams& p = ctx.state<NonZeroParams>();
  const TensorView& x = ctx.input(0);
  ASSIGN_OR_RETURN(int64_t count, CountNonZero(x));
  const Dims out_dims = {static_cast<int64_t>(p.dims.size()), count};
  if (p.dynamic) {
    RETURN_IF_ERROR(ctx.AllocateOutput(0, out_dims));
  } else {
    RETURN_ERROR_IF(ctx.output(0).dims != out_dims, StatusCode::kInternal,
                    "input 'X' changed after Prepare read it (expected output shape ",
                    DimsToString(ctx.output(0).dims), ", got ", DimsToString(out_dims), ")");
  }
  int64_t* out = ctx.output(0).data_as<int64_t>();
  const std::vector<int64_t>& dims = p.dims;
  int64_t j = 0;
  return ForEachNonZero(x, [&](int64_t k) {
    for (size_t d = dims.size(); d-- > 0;) {
      out[d * count + j] = k % dims[d];
      k /= dims[d];
    }
    ++j;
  });
}

}  // namespace onyx::kernels::ref
