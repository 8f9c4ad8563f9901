// Equal: A == B elementwise as bool, with numpy broadcasting from opset 7
// and the legacy broadcast/axis attributes before (binary_util.h). NaN equals
// nothing; float16 and bfloat16 compare as float; strings (opset 19) compare
// byte by byte.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status EqualPrepare(PrepareContext& ctx) {
  const uint64_t strings = ctx.node().opset >= 19 ? DTypeBit(DType::kString) : 0;
  return PrepareBinary(ctx,
                       {kNumericTypes | kHalfTypes | DTypeBit(DType::kBool) | strings, true, DType::kBool});
}

Status EqualRun(const RunContext& ctx) {
  if (ctx.input(0).dtype == DType::kString) {
    return RunBinary<StringRef, StringRef, bool>(ctx, [](StringRef a, StringRef b) { return a.view() == b.view(); });
  }
  return DispatchAllOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return RunBinary<T, T, bool>(ctx,
                                 [](T a, T b) { return static_cast<C>(a) == static_cast<C>(b); });
  });
}

}  // namespace onyx::kernels::ref
