// TopK: the k largest (or, with largest=0, smallest) elements along `axis`
// (default -1) and their int64 indices, sorted. Opset 1 takes k from an
// attribute; opset 10 from a one-element int64 input K, whose value Prepare
// needs because it decides the output shapes (kFailedPrecondition while it is
// unknown). Opset 11 adds largest and sorted (sorted=0 leaves the order
// unspecified; the output is sorted anyway) and integer types; 24 adds
// bfloat16. Equal values keep the lower index first; NaN sorts above every
// number, as numpy's sort places it.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/ref/internal/axis_util.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct TopKParams {
  AxisSplit split;
  int64_t k = 0;
  bool largest = true;
};

// k from the attribute (opset 1) or the K input (opset 10+).
Result<int64_t> ReadK(const PrepareContext& ctx, int opset) {
  if (opset < 10) {
    const Attribute* a = ctx.attrs().Find("k");
    RETURN_ERROR_IF(a == nullptr, StatusCode::kInvalidModel,
                    "attribute 'k' is required before opset 10 (expected an int, got none)");
    RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kInt));
    return a->i;
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> k, KnownInt64Input(ctx, 1, "K"));
  RETURN_ERROR_IF(k.size() != 1, StatusCode::kInvalidArgument, "K input '", ctx.input(1).name,
                  "' must hold one value (expected shape [1], got ",
                  DimsToString(ctx.input(1).dims), ")");
  return k[0];
}

// Strict order with NaN above every number; ties broken by the lower index.
template <typename C>
bool Before(C a, C b, int64_t ia, int64_t ib, bool largest) {
  const bool na = IsNan(a), nb = IsNan(b);
  if (na || nb) {
    if (na && nb) return ia < ib;
    return largest ? na : nb;
  }
  if (a == b) return ia < ib;
  return largest ? a > b : a < b;
}

}  // namespace

Status TopKPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(opset < 10 ? 1 : 2, opset < 10 ? 1 : 2));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNumericTypes | kHalfTypes));
  const Attributes& attrs = ctx.attrs();
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "largest", opset, 11));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "sorted", opset, 11));
  RETURN_ERROR_IF(opset >= 10 && attrs.Has("k"), StatusCode::kInvalidModel,
                  "attribute 'k' is an input from opset 10 on (expected absent, got it at opset ",
                  opset, ")");
  TopKParams p;
  ASSIGN_OR_RETURN(p.largest, BoolAttr(attrs, "largest", true));
  ASSIGN_OR_RETURN(bool sorted, BoolAttr(attrs, "sorted", true));
  (void)sorted;  // Unsorted output may be in any order; sorted is one.
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(attrs, "axis", -1));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(axis_attr, x, /*allow_negative=*/true));
  ASSIGN_OR_RETURN(p.k, ReadK(ctx, opset));
  RETURN_ERROR_IF(p.k < 0 || p.k > x.dims[axis], StatusCode::kInvalidArgument,
                  "k is out of range for axis ", axis, " of input '", x.name, "' with shape ",
                  DimsToString(x.dims), " (expected [0, ", x.dims[axis], "], got ", p.k, ")");
  p.split = SplitAtAxis(x.dims, axis);
  Dims out = x.dims;
  out[axis] = p.k;
  ctx.SetOutput(0, x.dtype, out);
  if (ctx.num_outputs() > 1) ctx.SetOutput(1, DType::kInt64, out);
  ctx.RequestScratch(static_cast<size_t>(p.split.len) * sizeof(int64_t));
  ctx.EmplaceState<TopKParams>(p);
  return Status::Ok();
}

Status TopKRun(const RunContext& ctx) {
  const auto& p = ctx.state<TopKParams>();
  const AxisSplit& s = p.split;
  const bool want_indices = ctx.outputs.size() > 1 && ctx.outputs[1] != nullptr;
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = Compute<T>;
    const T* x = ctx.input(0).data_as<const T>();
    T* values = ctx.output(0).data_as<T>();
    int64_t* indices = want_indices ? ctx.output(1).data_as<int64_t>() : nullptr;
    int64_t* order = static_cast<int64_t*>(ctx.scratch);
    for (int64_t o = 0; o < s.outer; ++o) {
      for (int64_t in = 0; in < s.inner; ++in) {
        const T* line = x + o * s.len * s.inner + in;
        for (int64_t i = 0; i < s.len; ++i) order[i] = i;
        std::partial_sort(order, order + p.k, order + s.len, [&](int64_t a, int64_t b) {
          return Before(static_cast<C>(line[a * s.inner]), static_cast<C>(line[b * s.inner]), a, b,
                        p.largest);
        });
        for (int64_t j = 0; j < p.k; ++j) {
          const int64_t at = (o * p.k + j) * s.inner + in;
          values[at] = line[order[j] * s.inner];
          if (indices != nullptr) indices[at] = order[j];
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
