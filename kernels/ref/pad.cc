// Pad: grows (or, with negative pads, crops) each axis by pads[begin] and
// pads[end]. Mode 'constant' fills with a value, 'edge' repeats the border,
// 'reflect' mirrors without repeating the border, and 'wrap' (opset 19)
// repeats the input periodically; pads wider than the input keep mirroring
// or wrapping, as numpy.pad does. Opset 1 reads the pads from attribute
// 'paddings', opset 2 from 'pads' (both with a float 'value'); opset 11
// from an int64 input, with an optional 'constant_value' input; opset 18
// adds an 'axes' input naming the padded axes. Prepare maps every output
// coordinate of each axis to an input coordinate (-1: the constant), so Run
// only follows the maps.

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct PadParams : CoordinateMaps {
  Bytes16 value{0, 0};  // The attribute value as data's type (opset < 11).
};

// Input coordinate of `i` (which may lie outside [0, n)) under `mode`.
int64_t MapCoordinate(int64_t i, int64_t n, const std::string& mode) {
  if (i >= 0 && i < n) return i;
  if (mode == "constant") return -1;
  if (mode == "edge") return std::clamp<int64_t>(i, 0, n - 1);
  if (mode == "wrap") return ((i % n) + n) % n;
  if (n == 1) return 0;  // Reflect.
  const int64_t period = 2 * (n - 1);
  const int64_t m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

// The pads and axes of the node, whichever opset; axes default to all.
Status ReadPads(const PrepareContext& ctx, std::vector<int64_t>& pads, std::vector<int64_t>& axes) {
  const int opset = ctx.node().opset;
  const int64_t rank = static_cast<int64_t>(ctx.input(0).dims.size());
  if (opset < 11) {
    const char* name = opset < 2 ? "paddings" : "pads";
    RETURN_ERROR_IF(!ctx.attrs().Has(name), StatusCode::kInvalidModel, "attribute '", name,
                    "' is missing (expected ints, got nothing)");
    ASSIGN_OR_RETURN(pads, IntsAttr(ctx.attrs(), name));
  } else {
    ASSIGN_OR_RETURN(pads, KnownInt64Input(ctx, 1, "pads"));
  }
  if (opset >= 18 && ctx.has_input(3)) {
    ASSIGN_OR_RETURN(axes, KnownIndexInput(ctx, 3, "axes"));
    RETURN_IF_ERROR(NormalizeAxes(axes, rank, true, StatusCode::kInvalidArgument,
                                  StrCat("input 'axes' ", IntsToString(axes))));
  } else {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  RETURN_ERROR_IF(pads.size() != 2 * axes.size(), StatusCode::kInvalidArgument,
                  "pads has the wrong length for ", axes.size(),
                  " padded axes (expected 2 per axis: ", 2 * axes.size(), ", got ", pads.size(),
                  ")");
  return Status::Ok();
}

Result<std::string> ReadMode(const PrepareContext& ctx) {
  ASSIGN_OR_RETURN(std::string mode, StringAttr(ctx.attrs(), "mode", "constant"));
  const bool wrap_ok = ctx.node().opset >= 19;
  RETURN_ERROR_IF(
      mode != "constant" && mode != "reflect" && mode != "edge" && (mode != "wrap" || !wrap_ok),
      StatusCode::kInvalidModel, "attribute 'mode' is not supported (expected ",
      wrap_ok ? "constant, reflect, edge or wrap" : "constant, reflect or edge", ", got '", mode,
      "')");
  return mode;
}

// The 'value' attribute (opsets 1-10) as an element of `dtype`.
Status ReadValueAttr(const PrepareContext& ctx, DType dtype, Bytes16& value) {
  ASSIGN_OR_RETURN(float v, FloatAttr(ctx.attrs(), "value", 0.0f));
  return DispatchNumericOrHalf(dtype, [&](auto tag) {
    using T = decltype(tag);
    const T typed = static_cast<T>(v);
    std::memcpy(&value, &typed, sizeof(T));
    return Status::Ok();
  });
}

Status CheckConstantValue(const PrepareContext& ctx) {
  if (!ctx.has_input(2)) return Status::Ok();
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  const ValueInfo& v = ctx.input(2);
  RETURN_ERROR_IF(NumElements(v.dims) > 1, StatusCode::kInvalidArgument, "constant_value input '",
                  v.name, "' must be a scalar (expected one element, got shape ",
                  DimsToString(v.dims), ")");
  return Status::Ok();
}

}  // namespace

Status PadPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(opset < 11 ? 1 : 2, opset < 11 ? 1 : (opset < 18 ? 3 : 4)));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& data = ctx.input(0);
  ASSIGN_OR_RETURN(std::string mode, ReadMode(ctx));
  std::vector<int64_t> pads, axes;
  RETURN_IF_ERROR(ReadPads(ctx, pads, axes));
  auto* p = ctx.EmplaceState<PadParams>();
  if (opset < 11) {
    RETURN_IF_ERROR(ReadValueAttr(ctx, data.dtype, p->value));
  } else {
    RETURN_IF_ERROR(CheckConstantValue(ctx));
  }
  const size_t rank = data.dims.size();
  std::vector<int64_t> begin(rank, 0), end(rank, 0);
  std::vector<bool> seen(rank, false);
  for (size_t k = 0; k < axes.size(); ++k) {
    RETURN_ERROR_IF(seen[axes[k]], StatusCode::kInvalidArgument, "input 'axes' repeats axis ",
                    axes[k], " (expected distinct axes, got ", IntsToString(axes), ")");
    seen[axes[k]] = true;
    begin[axes[k]] = pads[k];
    end[axes[k]] = pads[axes.size() + k];
  }
  p->out_dims = data.dims;
  p->in_strides = RowMajorStrides(data.dims);
  p->maps.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    const int64_t n = data.dims[d];
    const int64_t out = n + begin[d] + end[d];
    RETURN_ERROR_IF(out < 0, StatusCode::kInvalidArgument, "pads crop axis ", d, " of input '",
                    data.name, "' of shape ", DimsToString(data.dims),
                    " below zero (expected pads summing to at least ", -n, ", got ", begin[d],
                    " and ", end[d], ")");
    RETURN_ERROR_IF(n == 0 && out > 0 && mode != "constant", StatusCode::kInvalidArgument, "mode '",
                    mode, "' cannot pad empty axis ", d, " of input '", data.name, "' of shape ",
                    DimsToString(data.dims), " (expected a nonempty axis, got 0)");
    p->out_dims[d] = out;
    for (int64_t o = 0; o < out; ++o) p->maps[d].push_back(MapCoordinate(o - begin[d], n, mode));
  }
  p->out_blocks = RowMajorStrides(p->out_dims);
  ctx.SetOutput(0, data.dtype, p->out_dims);
  return Status::Ok();
}

Status PadRun(const RunContext& ctx) {
  const PadParams& p = ctx.state<PadParams>();
  const bool has_value = ctx.has_input(2) && ctx.input(2).num_elements() == 1;
  return RunMapped(ctx.input(0), ctx.output(0), p, has_value ? ctx.input(2).data : &p.value);
}

}  // namespace onyx::kernels::ref
