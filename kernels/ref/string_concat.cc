// StringConcat (opset 20): Y = X + Y elementwise, string concatenation with
// numpy broadcasting.

#include <string>

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status StringConcatPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, {DTypeBit(DType::kString), true, DType::kString});
}

Status StringConcatRun(const RunContext& ctx) {
  RETURN_ERROR_IF(ctx.strings == nullptr, StatusCode::kInternal, "this run has no string store");
  StringStore& store = *ctx.strings;
  std::string joined;
  return RunBinary<StringRef, StringRef, StringRef>(ctx, [&](StringRef a, StringRef b) {
    joined.assign(a.view());
    joined.append(b.view());
    return store.Store(joined);
  });
}

}  // namespace onyx::kernels::ref
