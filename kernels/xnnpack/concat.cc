// Concat (opset 4 on) of float tensors as strided XNNPACK copies (copy_nc_x32;
// this snapshot has no concatenate operator): with the shapes split at
// `axis` into outer rows and inner blocks, input i is `outer` rows of
// axis_i * inner elements, copied into rows of axis_total * inner elements
// at column offset (sum of the earlier axis_j) * inner. Inputs with no
// elements contribute nothing and get no operator.

#include <vector>

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {
namespace {

struct ConcatPart {
  size_t input = 0;   // Node input index.
  size_t offset = 0;  // In elements, within an output row.
  Operator op;
};

struct ConcatState {
  std::vector<ConcatPart> parts;
  size_t outer = 1;
  mutable std::mutex mutex;  // As OperatorState's: setup and run are one step.
};

// The concatenated shape, or a decline.
Result<Dims> ConcatDims(const PrepareContext& ctx, int64_t axis) {
  Dims out = ctx.input(0).dims;
  for (size_t i = 1; i < ctx.num_inputs(); ++i) {
    const ValueInfo& v = ctx.input(i);
    if (!v.present || v.dtype != DType::kFloat32 || v.dynamic || v.dims.size() != out.size()) {
      return Decline("input '", v.name, "' is not a float tensor of rank ", out.size());
    }
    for (size_t d = 0; d < out.size(); ++d) {
      if (static_cast<int64_t>(d) == axis) continue;
      if (v.dims[d] != out[d]) return Decline("input '", v.name, "' has shape ", DimsToString(v.dims));
    }
    out[axis] += v.dims[axis];
  }
  return out;
}

}  // namespace

Status ConcatPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(Initialize());
  RETURN_IF_ERROR(OnlyAttrs(ctx, {"axis"}));
  if (ctx.num_inputs() < 1 || ctx.num_outputs() != 1 || !ctx.has_input(0)) return Decline("arity");
  const ValueInfo& first = ctx.input(0);
  if (first.dtype != DType::kFloat32 || first.dynamic || first.dims.empty()) return Decline("input 0");
  const Attribute* axis_attr = ctx.attrs().Find("axis");
  if (axis_attr == nullptr || axis_attr->type != AttrType::kInt) return Decline("attribute 'axis'");
  const int64_t rank = static_cast<int64_t>(first.dims.size());
  int64_t axis = axis_attr->i;
  if (axis < -rank || axis >= rank) return Decline("axis ", axis, " out of range for rank ", rank);
  if (axis < 0) axis += rank;
  ASSIGN_OR_RETURN(Dims out, ConcatDims(ctx, axis));
  if (NumElements(out) == 0) return Decline("empty output");
  size_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= static_cast<size_t>(out[d]);
  for (int64_t d = axis + 1; d < rank; ++d) inner *= static_cast<size_t>(out[d]);
  const size_t row = static_cast<size_t>(out[axis]) * inner;
  ConcatState* s = ctx.EmplaceState<ConcatState>();
  s->outer = outer;
  size_t offset = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const size_t width = static_cast<size_t>(ctx.input(i).dims[axis]) * inner;
    if (width == 0) continue;
    ConcatPart& part = s->parts.emplace_back();
    part.input = i;
    part.offset = offset;
    RETURN_IF_ERROR(XnnStatus(xnn_create_copy_nc_x32(width, width, row, 0, part.op.out()), "xnn_create_copy_nc_x32"));
    offset += width;
  }
  ctx.SetOutput(0, DType::kFloat32, std::move(out));
  return Status::Ok();
}

Status ConcatRun(const RunContext& ctx) {
  const ConcatState& s = ctx.state<ConcatState>();
  float* y = ctx.output(0).data_as<float>();
  pthreadpool_t pool = ThreadPool(ctx);
  std::lock_guard<std::mutex> lock(s.mutex);
  for (const ConcatPart& part : s.parts) {
    const void* x = ctx.input(part.input).data;
    xnn_status status = xnn_setup_copy_nc_x32(part.op.get(), s.outer, x, y + part.offset, pool);
    if (status != xnn_status_success) return XnnStatus(status, "xnn_setup_copy_nc_x32");
    status = xnn_run_operator(part.op.get(), pool);
    if (status != xnn_status_success) return XnnStatus(status, "xnn_run_operator");
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::xnnpack
