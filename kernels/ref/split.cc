// Split: cuts input along `axis` into the node's outputs, in order. The part
// sizes come from the `split` attribute (opsets 1-12; opset 1 also takes them
// as a second input) or the int64 `split` input (13+); without them the
// extent is cut into equal parts, the last one smaller when it does not
// divide (opset 18 names the part count in `num_outputs`, which must match
// the node's outputs). A negative axis counts from the end at every opset:
// the spec allows it from opset 11, but PyTorch exports it earlier too (onnx's
// checker and ONNX Runtime accept it), and its meaning is unambiguous.

#include <cstring>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct SplitParams {
  int64_t outer = 1;                // Product of the extents before `axis`.
  std::vector<size_t> chunk_bytes;  // Per output: bytes of one outer slice.
};

// The part sizes as the node gives them; empty when it gives none.
Result<std::vector<int64_t>> ReadSizes(const PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  if (opset >= 13) {
    RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "num_outputs", opset, 18));
    RETURN_ERROR_IF(ctx.attrs().Has("split"), StatusCode::kInvalidModel,
                    "attribute 'split' is an input from opset 13 (expected no attribute, got one)");
    if (!ctx.has_input(1)) return std::vector<int64_t>{};
    return KnownInt64Input(ctx, 1, "split");
  }
  if (opset == 1 && ctx.has_input(1)) {
    const ValueInfo& v = ctx.input(1);
    RETURN_ERROR_IF(v.dims.size() != 1, StatusCode::kInvalidArgument, "split input '", v.name,
                    "' must be 1-D (expected rank 1, got shape ", DimsToString(v.dims), ")");
    if (v.data == nullptr && v.dims[0] != 0) return ctx.ValueRequired(1, "split");
    std::vector<int64_t> sizes(v.dims[0]);
    const TensorView view{v.dtype, v.dims, const_cast<void*>(v.data)};
    for (int64_t k = 0; k < v.dims[0]; ++k) {
      ASSIGN_OR_RETURN(double size, NumberAt(view, k));
      sizes[k] = static_cast<int64_t>(size);
    }
    return sizes;
  }
  return IntsAttr(ctx.attrs(), "split");
}

// Equal parts of `extent` for `parts` outputs, the last one smaller if need be.
Result<std::vector<int64_t>> EqualSizes(int64_t extent, int64_t parts, const ValueInfo& x,
                                        int axis) {
  const int64_t chunk = (extent + parts - 1) / parts;
  const int64_t last = extent - chunk * (parts - 1);
  RETURN_ERROR_IF(last < 0, StatusCode::kInvalidArgument, "cannot split axis ", axis, " of input '",
                  x.name, "' of shape ", DimsToString(x.dims), " into ", parts, " parts of ", chunk,
                  " (expected at most ", (extent + chunk - 1) / chunk, " outputs, got ", parts,
                  ")");
  std::vector<int64_t> sizes(parts, chunk);
  sizes.back() = last;
  return sizes;
}

}  // namespace

Status SplitPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, opset == 1 || opset >= 13 ? 2 : 1));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 0));
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, x, /*allow_negative=*/true));
  ASSIGN_OR_RETURN(std::vector<int64_t> sizes, ReadSizes(ctx));
  const int64_t parts = static_cast<int64_t>(ctx.num_outputs());
  const int64_t extent = x.dims[axis];
  if (ctx.attrs().Has("num_outputs")) {
    ASSIGN_OR_RETURN(int64_t n, IntAttr(ctx.attrs(), "num_outputs", 0));
    RETURN_ERROR_IF(!sizes.empty(), StatusCode::kInvalidModel,
                    "attribute 'num_outputs' and input 'split' are both given (expected one, got "
                    "both)");
    RETURN_ERROR_IF(n != parts, StatusCode::kInvalidModel,
                    "attribute 'num_outputs' differs from the node's output count (expected ",
                    parts, ", got ", n, ")");
  }
  RETURN_ERROR_IF(parts < 1, StatusCode::kInvalidModel,
                  "node has no outputs (expected at least 1, got 0)");
  if (sizes.empty()) {
    ASSIGN_OR_RETURN(sizes, EqualSizes(extent, parts, x, axis));
  }
  RETURN_ERROR_IF(static_cast<int64_t>(sizes.size()) != parts, StatusCode::kInvalidArgument,
                  "split has ", sizes.size(), " sizes for ", parts, " outputs (expected ", parts,
                  ", got ", IntsToString(sizes), ")");
  int64_t total = 0;
  for (int64_t s : sizes) {
    RETURN_ERROR_IF(s < 0, StatusCode::kInvalidArgument,
                    "split has a negative size (expected sizes >= 0, got ", IntsToString(sizes),
                    ")");
    total += s;
  }
  RETURN_ERROR_IF(total != extent, StatusCode::kInvalidArgument, "split sizes ",
                  IntsToString(sizes), " do not add up to axis ", axis, " of input '", x.name,
                  "' of shape ", DimsToString(x.dims), " (expected ", extent, ", got ", total, ")");
  auto* p = ctx.EmplaceState<SplitParams>();
  int64_t inner = 1;
  for (int d = 0; d < axis; ++d) p->outer *= x.dims[d];
  for (size_t d = axis + 1; d < x.dims.size(); ++d) inner *= x.dims[d];
  for (int64_t i = 0; i < parts; ++i) {
    Dims dims = x.dims;
    dims[axis] = sizes[i];
    p->chunk_bytes.push_back(static_cast<size_t>(sizes[i] * inner) * DTypeSize(x.dtype));
    ctx.SetOutput(i, x.dtype, std::move(dims));
  }
  return Status::Ok();
}

Status SplitRun(const RunContext& ctx) {
  const SplitParams& p = ctx.state<SplitParams>();
  const uint8_t* in = ctx.input(0).data_as<const uint8_t>();
  for (int64_t o = 0; o < p.outer; ++o) {
    for (size_t i = 0; i < p.chunk_bytes.size(); ++i) {
      const size_t bytes = p.chunk_bytes[i];
      if (bytes == 0) continue;
      if (ctx.outputs[i] != nullptr) {
        std::memcpy(ctx.output(i).data_as<uint8_t>() + o * bytes, in, bytes);
      }
      in += bytes;
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
