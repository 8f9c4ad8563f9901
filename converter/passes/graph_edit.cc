#include "converter/passes/graph_edit.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "runtime/core/half.h"

namespace onyx::converter::passes {

using planner::TensorKind;

GraphEditor::GraphEditor(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names)
    : graph_(graph), model_(model), names_(names) {
  Index();
}

void GraphEditor::Index() {
  const size_t num_tensors = graph_.tensors.size();
  removed_.assign(graph_.nodes.size(), false);
  producer_.assign(num_tensors, -1);
  uses_.assign(num_tensors, {});
  graph_output_.assign(num_tensors, false);
  for (int t : graph_.outputs) graph_output_[t] = true;
  for (int n = 0; n < num_nodes(); ++n) Register(n);
}

void GraphEditor::Register(int n) {
  const planner::Node& node = graph_.nodes[n];
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    if (node.inputs[i] >= 0) uses_[node.inputs[i]].push_back({n, static_cast<int>(i)});
  }
  for (int t : node.implicit_inputs) uses_[t].push_back({n, -1});
  for (int t : node.outputs) {
    if (t >= 0) producer_[t] = n;
  }
}

void GraphEditor::Unregister(int n) {
  const planner::Node& node = graph_.nodes[n];
  std::vector<int> reads = node.inputs;
  reads.insert(reads.end(), node.implicit_inputs.begin(), node.implicit_inputs.end());
  for (int t : reads) {
    if (t < 0) continue;
    std::vector<Use>& u = uses_[t];
    u.erase(std::remove_if(u.begin(), u.end(), [n](const Use& use) { return use.node == n; }), u.end());
  }
  for (int t : node.outputs) {
    if (t >= 0 && producer_[t] == n) producer_[t] = -1;
  }
}

bool GraphEditor::IsGraphOutput(int t) const { return graph_output_[t]; }

bool GraphEditor::Pinned(int t) const {
  if (graph_output_[t]) return true;
  for (const Use& u : uses_[t]) {
    if (u.slot < 0) return true;
  }
  return false;
}

int GraphEditor::SoleConsumer(int t) const {
  if (t < 0 || uses_[t].size() != 1 || Pinned(t)) return -1;
  return uses_[t][0].node;
}

int GraphEditor::SoleProducer(int t, const char* op, int consumer) const {
  if (t < 0 || Pinned(t) || uses_[t].empty()) return -1;
  for (const Use& u : uses_[t]) {
    if (u.node != consumer) return -1;
  }
  const int p = producer_[t];
  if (p < 0 || removed_[p] || !IsOp(graph_.nodes[p], op)) return -1;
  return p;
}

std::string GraphEditor::UniqueName(const std::string& hint) {
  std::string name = hint;
  for (int k = 1; names_.count(name); ++k) name = StrCat(hint, "_", k);
  names_.insert(name);
  return name;
}

Result<int> GraphEditor::AddWeight(const std::string& hint, DType dtype, const Dims& dims, void** data) {
  ASSIGN_OR_RETURN(AlignedBuffer bytes, AlignedBuffer::Allocate(NumElements(dims) * DTypeSize(dtype)));
  model_.storage->push_back(std::move(bytes));
  planner::TensorInfo t;
  t.name = UniqueName(hint);
  t.kind = TensorKind::kWeight;
  t.dtype = dtype;
  t.has_shape = true;
  t.dims = dims;
  t.dim_params.assign(dims.size(), "");
  t.data = model_.storage->back().data();
  *data = model_.storage->back().data();
  graph_.tensors.push_back(std::move(t));
  producer_.push_back(-1);
  uses_.emplace_back();
  graph_output_.push_back(false);
  return static_cast<int>(graph_.tensors.size() - 1);
}

int GraphEditor::AddIntermediate(const std::string& hint, DType dtype) {
  planner::TensorInfo t;
  t.name = UniqueName(hint);
  t.dtype = dtype;
  graph_.tensors.push_back(std::move(t));
  producer_.push_back(-1);
  uses_.emplace_back();
  graph_output_.push_back(false);
  return static_cast<int>(graph_.tensors.size() - 1);
}

void GraphEditor::MakeWeight(int t, planner::EvaluatedValue value) {
  model_.storage->push_back(std::move(value.bytes));
  planner::TensorInfo& info = graph_.tensors[t];
  info.kind = TensorKind::kWeight;
  info.value_type = planner::ValueType::kTensor;
  info.dtype = value.value.dtype;
  info.has_shape = true;
  info.dims = value.value.dims;
  info.dim_params.assign(info.dims.size(), "");
  info.data = model_.storage->back().data();
}

void GraphEditor::RequireOpset(const std::string& domain, int64_t version) {
  for (const auto& op : *model_.opset_imports) {
    if (op.first == domain) return;
  }
  model_.opset_imports->emplace_back(domain, version);
}

void GraphEditor::ReplaceNode(int n, planner::Node node) {
  if (!removed_[n]) Unregister(n);
  node.info.index = n;
  graph_.nodes[n] = std::move(node);
  removed_[n] = false;
  Register(n);
}

void GraphEditor::RemoveNode(int n) {
  if (removed_[n]) return;
  Unregister(n);
  removed_[n] = true;
}

void GraphEditor::ReplaceUses(int from, int to) {
  std::vector<Use> kept;
  for (const Use& u : uses_[from]) {
    if (u.slot < 0) {
      kept.push_back(u);
      continue;
    }
    graph_.nodes[u.node].inputs[u.slot] = to;
    uses_[to].push_back(u);
  }
  uses_[from] = std::move(kept);
}

bool GraphEditor::Bypass(int n, int in, int out) {
  if (!Pinned(out)) {
    RemoveNode(n);
    ReplaceUses(out, in);
    return true;
  }
  const int p = producer_[in];
  if (p < 0 || removed_[p] || Pinned(in)) return false;
  RemoveNode(n);
  for (int& t : graph_.nodes[p].outputs) {
    if (t == in) t = out;
  }
  producer_[in] = -1;
  producer_[out] = p;
  ReplaceUses(in, out);
  return true;
}

void GraphEditor::Compact() {
  std::vector<bool> used(graph_.tensors.size(), false);
  for (int t : graph_.inputs) used[t] = true;
  for (int t : graph_.outputs) used[t] = true;
  for (int t : graph_.captures) used[t] = true;
  std::vector<planner::Node> nodes;
  for (int n = 0; n < num_nodes(); ++n) {
    if (removed_[n]) continue;
    planner::Node& node = graph_.nodes[n];
    for (const std::vector<int>* list : {&node.inputs, &node.outputs, &node.implicit_inputs}) {
      for (int t : *list) {
        if (t >= 0) used[t] = true;
      }
    }
    node.info.index = static_cast<int>(nodes.size());
    nodes.push_back(std::move(node));
  }
  std::vector<int> remap(graph_.tensors.size(), -1);
  std::vector<planner::TensorInfo> tensors;
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    if (!used[t]) continue;
    remap[t] = static_cast<int>(tensors.size());
    tensors.push_back(std::move(graph_.tensors[t]));
  }
  auto apply = [&](std::vector<int>& list) {
    for (int& t : list) {
      if (t >= 0) t = remap[t];
    }
  };
  for (planner::Node& node : nodes) {
    apply(node.inputs);
    apply(node.outputs);
    apply(node.implicit_inputs);
  }
  apply(graph_.inputs);
  apply(graph_.outputs);
  apply(graph_.captures);
  graph_.nodes = std::move(nodes);
  graph_.tensors = std::move(tensors);
  Index();
}

namespace {

template <typename T>
void Widen(const void* data, size_t n, std::vector<double>* out) {
  const T* p = static_cast<const T*>(data);
  for (size_t i = 0; i < n; ++i) out->push_back(static_cast<double>(static_cast<float>(p[i])));
}

template <typename T>
void WidenExact(const void* data, size_t n, std::vector<double>* out) {
  const T* p = static_cast<const T*>(data);
  for (size_t i = 0; i < n; ++i) out->push_back(static_cast<double>(p[i]));
}

}  // namespace

bool WeightValues(const GraphEditor& edit, int t, std::vector<double>* values) {
  if (!edit.IsWeight(t)) return false;
  const planner::TensorInfo& w = edit.tensor(t);
  const size_t n = static_cast<size_t>(NumElements(w.dims));
  values->clear();
  if (n > 0 && w.data == nullptr) return false;
  switch (w.dtype) {
    case DType::kFloat32: WidenExact<float>(w.data, n, values); return true;
    case DType::kFloat64: WidenExact<double>(w.data, n, values); return true;
    case DType::kFloat16: Widen<Float16>(w.data, n, values); return true;
    case DType::kBFloat16: Widen<BFloat16>(w.data, n, values); return true;
    case DType::kInt8: WidenExact<int8_t>(w.data, n, values); return true;
    case DType::kUInt8: WidenExact<uint8_t>(w.data, n, values); return true;
    case DType::kInt16: WidenExact<int16_t>(w.data, n, values); return true;
    case DType::kUInt16: WidenExact<uint16_t>(w.data, n, values); return true;
    case DType::kInt32: WidenExact<int32_t>(w.data, n, values); return true;
    case DType::kUInt32: WidenExact<uint32_t>(w.data, n, values); return true;
    case DType::kInt64: WidenExact<int64_t>(w.data, n, values); return true;
    case DType::kUInt64: WidenExact<uint64_t>(w.data, n, values); return true;
    case DType::kBool: WidenExact<bool>(w.data, n, values); return true;
    default: return false;
  }
}

bool ScalarValue(const GraphEditor& edit, int t, double* value) {
  if (!edit.IsWeight(t) || NumElements(edit.tensor(t).dims) != 1) return false;
  std::vector<double> v;
  if (!WeightValues(edit, t, &v)) return false;
  *value = v[0];
  return true;
}

bool IsScalarNear(const GraphEditor& edit, int t, double want, double rel_tol) {
  double v = 0;
  return ScalarValue(edit, t, &v) && std::fabs(v - want) <= rel_tol * std::max(1e-30, std::fabs(want));
}

Result<int> AddFloatWeight(GraphEditor& edit, const std::string& hint, DType dtype, const Dims& dims,
                           const std::vector<double>& values) {
  void* data = nullptr;
  ASSIGN_OR_RETURN(int t, edit.AddWeight(hint, dtype, dims, &data));
  for (size_t i = 0; i < values.size(); ++i) {
    switch (dtype) {
      case DType::kFloat32: static_cast<float*>(data)[i] = static_cast<float>(values[i]); break;
      case DType::kFloat64: static_cast<double*>(data)[i] = values[i]; break;
      case DType::kFloat16: static_cast<Float16*>(data)[i] = Float16(static_cast<float>(values[i])); break;
      case DType::kBFloat16: static_cast<BFloat16*>(data)[i] = BFloat16(static_cast<float>(values[i])); break;
      default: return MakeError(StatusCode::kInternal, "AddFloatWeight: dtype ", DTypeName(dtype), " is not a float");
    }
  }
  return t;
}

bool ReadAxes(const GraphEditor& edit, const planner::Node& node, size_t slot, std::vector<int64_t>* axes,
              bool* present) {
  *present = false;
  axes->clear();
  if (const kernels::Attribute* a = node.info.attrs.Find("axes")) {
    *axes = a->ints;
    *present = true;
    return true;
  }
  if (slot >= node.inputs.size() || node.inputs[slot] < 0) return true;
  std::vector<double> v;
  if (!edit.IsWeight(node.inputs[slot]) || !WeightValues(edit, node.inputs[slot], &v)) return false;
  for (double d : v) axes->push_back(static_cast<int64_t>(d));
  *present = true;
  return true;
}

kernels::Attribute IntAttribute(const std::string& name, int64_t v) {
  kernels::Attribute a;
  a.name = name;
  a.type = kernels::AttrType::kInt;
  a.i = v;
  return a;
}

kernels::Attribute FloatAttribute(const std::string& name, float v) {
  kernels::Attribute a;
  a.name = name;
  a.type = kernels::AttrType::kFloat;
  a.f = v;
  return a;
}

kernels::Attribute FloatsAttribute(const std::string& name, std::vector<float> v) {
  kernels::Attribute a;
  a.name = name;
  a.type = kernels::AttrType::kFloats;
  a.floats = std::move(v);
  return a;
}

kernels::Attribute IntsAttribute(const std::string& name, std::vector<int64_t> v) {
  kernels::Attribute a;
  a.name = name;
  a.type = kernels::AttrType::kInts;
  a.ints = std::move(v);
  return a;
}

kernels::Attribute StringAttribute(const std::string& name, const std::string& v) {
  kernels::Attribute a;
  a.name = name;
  a.type = kernels::AttrType::kString;
  a.s = v;
  return a;
}

planner::Node MakeNode(const std::string& name, const std::string& op_type, const std::string& domain, int opset,
                       std::vector<int> inputs, std::vector<int> outputs, std::vector<kernels::Attribute> attrs) {
  planner::Node node;
  node.info.name = name;
  node.info.op_type = op_type;
  node.info.domain = domain;
  node.info.opset = opset;
  node.info.attrs = kernels::Attributes(std::move(attrs));
  node.inputs = std::move(inputs);
  node.outputs = std::move(outputs);
  return node;
}

std::vector<kernels::Attribute> AttributesWithout(const planner::Node& node, const std::string& name) {
  std::vector<kernels::Attribute> attrs;
  for (const kernels::Attribute& a : node.info.attrs.items()) {
    if (a.name != name) attrs.push_back(a);
  }
  return attrs;
}

int OtherInput(const planner::Node& node, int t) {
  if (node.inputs.size() != 2) return -1;
  if (node.inputs[0] == t) return node.inputs[1];
  if (node.inputs[1] == t) return node.inputs[0];
  return -1;
}

bool IsOp(const planner::Node& node, const char* op) {
  return node.info.domain.empty() && node.info.op_type == op;
}

bool IsFloatType(DType dtype) {
  return dtype == DType::kFloat32 || dtype == DType::kFloat64 || dtype == DType::kFloat16 ||
         dtype == DType::kBFloat16;
}

}  // namespace onyx::converter::passes
