#include "converter/passes/pass.h"

#include "runtime/core/value.h"
#include "runtime/planner/shape_inference.h"

namespace onyx::converter::passes {

Analysis Analysis::Of(const planner::Graph& graph, const kernels::KernelLibrary& reference,
                      const std::vector<Dims>* input_dims, bool exact) {
  Analysis a;
  a.graph_ = &graph;
  if (input_dims == nullptr) return a;
  Result<std::vector<int>> order = planner::TopologicalOrder(graph);
  if (!order.ok()) return a;
  planner::KernelResolver resolve = [&](const planner::Node& node, DType dtype) {
    return kernels::FindKernel(reference, node.info.domain, node.info.op_type, node.info.opset, dtype);
  };
  // A graph shape inference rejects is planned (or rejected) later; the
  // passes then use only what the graph declares.
  Result<planner::ShapeInfo> info =
      planner::InferShapes(graph, order.value(), resolve, reference, planner::InputSignature{*input_dims, {}});
  if (!info.ok()) return a;
  a.values_ = std::move(info.value().values);
  for (kernels::ValueInfo& v : a.values_) v.data = nullptr;  // Their bytes die with `info`.
  a.inferred_ = true;
  a.exact_ = exact;
  return a;
}

DType Analysis::dtype(int t) const {
  const planner::TensorInfo& tensor = graph_->tensors[t];
  if (tensor.value_type != planner::ValueType::kTensor) return DType::kUndefined;
  if (tensor.dtype != DType::kUndefined) return tensor.dtype;
  if (inferred_ && t < static_cast<int>(values_.size()) && values_[t].present && IsTensorDType(values_[t].dtype)) {
    return values_[t].dtype;
  }
  return DType::kUndefined;
}

const Dims* Analysis::dims(int t) const {
  const planner::TensorInfo& tensor = graph_->tensors[t];
  if (tensor.kind == planner::TensorKind::kWeight) return &tensor.dims;
  if (tensor.value_type != planner::ValueType::kTensor) return nullptr;
  if (tensor.kind == planner::TensorKind::kInput && tensor.has_shape) {
    bool fixed = true;
    for (int64_t d : tensor.dims) fixed &= d >= 0;
    if (fixed) return &tensor.dims;
  }
  if (!exact_) return nullptr;
  return planned_dims(t);
}

const Dims* Analysis::planned_dims(int t) const {
  const planner::TensorInfo& tensor = graph_->tensors[t];
  if (tensor.kind == planner::TensorKind::kWeight) return &tensor.dims;
  if (!inferred_ || t >= static_cast<int>(values_.size())) return nullptr;
  const kernels::ValueInfo& v = values_[t];
  if (!v.present || v.dynamic || !IsTensorDType(v.dtype)) return nullptr;
  return &v.dims;
}

int Analysis::rank(int t) const {
  if (const Dims* d = planned_dims(t)) return static_cast<int>(d->size());
  if (const Dims* d = dims(t)) return static_cast<int>(d->size());
  const planner::TensorInfo& tensor = graph_->tensors[t];
  if (tensor.kind == planner::TensorKind::kInput && tensor.has_shape &&
      tensor.value_type == planner::ValueType::kTensor) {
    return static_cast<int>(tensor.dims.size());
  }
  return -1;
}

const Analysis& PassContext::shapes() {
  if (!analysis_) {
    analysis_ = Analysis::Of(edit.graph(), reference, shape_source_ ? &shape_source_->input_dims : nullptr,
                             shape_source_ != nullptr && shape_source_->exact);
  }
  return *analysis_;
}

}  // namespace onyx::converter::passes
