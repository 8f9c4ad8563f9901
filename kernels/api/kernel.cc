#include "kernels/api/kernel.h"

namespace onyx::kernels {

std::string NodeInfo::Where() const {
  std::string op = domain.empty() ? op_type : domain + "." + op_type;
  return StrCat("node '", name, "' (#", index, ", ", op, " opset ", opset, ")");
}

PrepareContext::PrepareContext(const NodeInfo& node, std::vector<ValueInfo> inputs,
                               size_t num_outputs)
    : node_(node), inputs_(std::move(inputs)), outputs_(num_outputs) {
  for (ValueInfo& o : outputs_) o.present = true;
}

void PrepareContext::SetOutput(size_t i, DType dtype, Dims dims) {
  outputs_[i].dtype = dtype;
  outputs_[i].dims = std::move(dims);
  outputs_[i].dynamic = false;
}

void PrepareContext::SetDynamicOutput(size_t i, DType dtype) {
  outputs_[i].dtype = dtype;
  outputs_[i].dims.clear();
  outputs_[i].dynamic = true;
}

Status RunContext::AllocateOutput(size_t i, const Dims& dims) const {
  RETURN_ERROR_IF(allocate_output == nullptr || i >= outputs.size() || outputs[i] == nullptr, StatusCode::kInternal,
                  "output #", i, " was not declared dynamic in Prepare");
  return allocate_output(allocator, i, dims, outputs[i]);
}

Result<StringRef> RunContext::NewString(std::string_view s) const {
  RETURN_ERROR_IF(strings == nullptr, StatusCode::kInternal, "this run has no string store");
  return strings->Store(s);
}

Status PrepareContext::ValueRequired(size_t i, const char* role) const {
  return MakeError(StatusCode::kFailedPrecondition, role, " input '", inputs_[i].name,
                   "' must be known ahead of time (a constant, derived from shapes, or a small integer graph input)");
}

Status PrepareContext::ExpectInputCount(size_t min, size_t max) const {
  RETURN_ERROR_IF(inputs_.size() < min || inputs_.size() > max, StatusCode::kInvalidModel,
                  "expected ", min == max ? StrCat(min) : StrCat(min, " to ", max),
                  " inputs, got ", inputs_.size());
  for (size_t i = 0; i < min; ++i) {
    RETURN_ERROR_IF(!inputs_[i].present, StatusCode::kInvalidModel, "required input #", i,
                    " is missing");
  }
  return Status::Ok();
}

Status PrepareContext::ExpectRank(size_t i, int min_rank, int max_rank) const {
  int rank = static_cast<int>(inputs_[i].dims.size());
  RETURN_ERROR_IF(rank < min_rank || rank > max_rank, StatusCode::kInvalidArgument, "input '",
                  inputs_[i].name, "' has rank ", rank, " (expected ",
                  min_rank == max_rank ? StrCat(min_rank) : StrCat(min_rank, " to ", max_rank),
                  ", got shape ", DimsToString(inputs_[i].dims), ")");
  return Status::Ok();
}

const KernelDef* FindKernel(const KernelLibrary& library, const std::string& domain,
                            const std::string& op_type, int opset, DType first_input_dtype) {
  for (const KernelDef& def : library.kernels) {
    if (op_type != def.op_type || domain != def.domain) continue;
    if (opset < def.since_version || opset > def.until_version) continue;
    if (def.dtypes != 0 && (def.dtypes & DTypeBit(first_input_dtype)) == 0) continue;
    return &def;
  }
  return nullptr;
}

std::vector<const KernelDef*> FindKernels(Span<const KernelLibrary> libraries, const std::string& domain,
                                          const std::string& op_type, int opset, DType first_input_dtype) {
  std::vector<const KernelDef*> defs;
  for (const KernelLibrary& library : libraries) {
    if (const KernelDef* def = FindKernel(library, domain, op_type, opset, first_input_dtype)) defs.push_back(def);
  }
  return defs;
}

}  // namespace onyx::kernels
