#include "kernels/xnnpack/xnn_util.h"

#include <algorithm>
#include <cstring>

namespace onyx::kernels::xnnpack {

Status Initialize() {
  // Once per process: XNNPACK keeps its tables for the process's lifetime,
  // so there is no matching xnn_deinitialize.
  static std::once_flag once;
  static xnn_status status = xnn_status_uninitialized;
  std::call_once(once, [] { status = xnn_initialize(/*allocator=*/nullptr); });
  if (status == xnn_status_unsupported_hardware) {
    return MakeError(StatusCode::kUnsupported, "XNNPACK does not support this processor");
  }
  return XnnStatus(status, "xnn_initialize");
}

const char* XnnStatusName(xnn_status status) {
  switch (status) {
    case xnn_status_success:
      return "xnn_status_success";
    case xnn_status_uninitialized:
      return "xnn_status_uninitialized";
    case xnn_status_invalid_parameter:
      return "xnn_status_invalid_parameter";
    case xnn_status_invalid_state:
      return "xnn_status_invalid_state";
    case xnn_status_unsupported_parameter:
      return "xnn_status_unsupported_parameter";
    case xnn_status_unsupported_hardware:
      return "xnn_status_unsupported_hardware";
    case xnn_status_out_of_memory:
      return "xnn_status_out_of_memory";
  }
  return "an unknown xnn_status";
}

Status XnnStatus(xnn_status status, const char* call) {
  switch (status) {
    case xnn_status_success:
      return Status::Ok();
    case xnn_status_invalid_parameter:
    case xnn_status_unsupported_parameter:
    case xnn_status_unsupported_hardware:
      return MakeError(StatusCode::kUnsupported, "XnnpackExecutionProvider declines: ", call, " returned ",
                       XnnStatusName(status));
    case xnn_status_out_of_memory:
      return MakeError(StatusCode::kOutOfMemory, call, " returned ", XnnStatusName(status));
    default:
      return MakeError(StatusCode::kInternal, call, " returned ", XnnStatusName(status));
  }
}

bool IsFloatTensor(const PrepareContext& ctx, size_t i) {
  if (!ctx.has_input(i)) return false;
  const ValueInfo& v = ctx.input(i);
  if (v.dtype != DType::kFloat32 || v.dynamic) return false;
  return std::none_of(v.dims.begin(), v.dims.end(), [](int64_t d) { return d <= 0; });
}

Status XnnPrepare(const PrepareContext& ctx, size_t min_inputs, size_t max_inputs, size_t num_outputs) {
  RETURN_IF_ERROR(Initialize());
  if (ctx.num_inputs() < min_inputs || ctx.num_inputs() > max_inputs) {
    return Decline("takes ", min_inputs, " to ", max_inputs, " inputs (got ", ctx.num_inputs(), ")");
  }
  if (ctx.num_outputs() != num_outputs) return Decline("takes ", num_outputs, " outputs (got ", ctx.num_outputs(), ")");
  for (size_t o = 0; o < num_outputs; ++o) {
    if (!ctx.has_output(o)) return Decline("output #", o, " is omitted");
  }
  if (!IsFloatTensor(ctx, 0)) {
    return Decline("input '", ctx.num_inputs() ? ctx.input(0).name : "", "' is not a non-empty float tensor");
  }
  return Status::Ok();
}

namespace {

Result<const Attribute*> FindTyped(const PrepareContext& ctx, const char* name, AttrType type) {
  const Attribute* a = ctx.attrs().Find(name);
  if (a != nullptr && a->type != type) return Decline("attribute '", name, "' has type ", AttrTypeName(a->type));
  return a;
}

}  // namespace

Result<float> FloatAttr(const PrepareContext& ctx, const char* name, float fallback) {
  ASSIGN_OR_RETURN(const Attribute* a, FindTyped(ctx, name, AttrType::kFloat));
  return a ? a->f : fallback;
}

Result<int64_t> IntAttr(const PrepareContext& ctx, const char* name, int64_t fallback) {
  ASSIGN_OR_RETURN(const Attribute* a, FindTyped(ctx, name, AttrType::kInt));
  return a ? a->i : fallback;
}

Result<std::string> StringAttr(const PrepareContext& ctx, const char* name, const std::string& fallback) {
  ASSIGN_OR_RETURN(const Attribute* a, FindTyped(ctx, name, AttrType::kString));
  return a ? a->s : fallback;
}

Status OnlyAttrs(const PrepareContext& ctx, std::initializer_list<const char*> known) {
  for (const Attribute& a : ctx.attrs().items()) {
    const bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return a.name == k; });
    if (!ok) return Decline("attribute '", a.name, "' is not implemented");
  }
  return Status::Ok();
}

bool ToXnnShape(const Dims& dims, XnnShape* shape) {
  if (dims.size() > XNN_MAX_TENSOR_DIMS) return false;
  if (dims.empty()) {
    shape->rank = 1;
    shape->dims[0] = 1;
    return true;
  }
  shape->rank = dims.size();
  for (size_t i = 0; i < dims.size(); ++i) shape->dims[i] = static_cast<size_t>(dims[i]);
  return true;
}

}  // namespace onyx::kernels::xnnpack
