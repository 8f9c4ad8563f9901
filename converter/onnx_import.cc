#include "converter/onnx_import.h"

#include <limits>
#include <map>
#include <memory>
#include <set>

#include "converter/onnx_tensor.h"
#include "onnx/onnx-ml.pb.h"

namespace onyx::converter {
namespace {

using planner::TensorKind;

// Imports one graph (the main graph or a subgraph). A name the graph does
// not define itself is a capture: a value of an enclosing graph, bound by
// name at run time.
class GraphImporter {
 public:
  GraphImporter(const std::string& base_dir, const std::map<std::string, int64_t>& opsets, ImportedModel& out,
                planner::Graph& graph, const GraphImporter* parent)
      : base_dir_(base_dir), opsets_(opsets), out_(out), graph_(graph), parent_(parent) {}

  Status Import(const onnx::GraphProto& g, std::vector<planner::TensorInfo>* declared_outputs);

 private:
  int AddTensor(const std::string& name, TensorKind kind) {
    planner::TensorInfo t;
    t.name = name;
    t.kind = kind;
    graph_.tensors.push_back(std::move(t));
    int index = static_cast<int>(graph_.tensors.size() - 1);
    tensor_index_[name] = index;
    return index;
  }

  bool Defines(const std::string& name) const {
    return local_names_.count(name) > 0 || (parent_ != nullptr && parent_->Defines(name));
  }

  // The tensor a node reads as `name`: local (possibly produced later), or a
  // capture from an enclosing graph.
  Result<int> Resolve(const std::string& name, const std::string& where) {
    auto it = tensor_index_.find(name);
    if (it != tensor_index_.end()) return it->second;
    if (local_names_.count(name) || parent_ == nullptr) return AddTensor(name, TensorKind::kIntermediate);
    RETURN_ERROR_IF(!parent_->Defines(name), StatusCode::kInvalidModel, where, ": reads '", name,
                    "', which neither this subgraph nor an enclosing graph defines");
    int t = AddTensor(name, TensorKind::kCapture);
    graph_.captures.push_back(t);
    return t;
  }

  Status ApplyType(const onnx::ValueInfoProto& vi, planner::TensorInfo* t);
  Result<kernels::Attribute> ImportAttribute(const onnx::AttributeProto& a, planner::Node& node);
  Status ImportNode(const onnx::NodeProto& proto, int index);
  Status ImportInitializers(const onnx::GraphProto& g);

  const std::string& base_dir_;
  const std::map<std::string, int64_t>& opsets_;
  ImportedModel& out_;
  planner::Graph& graph_;
  const GraphImporter* parent_;
  std::map<std::string, int> tensor_index_;
  std::set<std::string> local_names_;
};

// dtype and shape from an ONNX type; symbolic dims become -1 with a name.
Status GraphImporter::ApplyType(const onnx::ValueInfoProto& vi, planner::TensorInfo* t) {
  const onnx::TypeProto* type = &vi.type();
  t->value_type = planner::ValueType::kTensor;
  if (type->value_case() == onnx::TypeProto::kOptionalType) {
    t->value_type = planner::ValueType::kOptional;
    type = &type->optional_type().elem_type();
  }
  if (type->value_case() == onnx::TypeProto::kSequenceType) {
    t->value_type = t->value_type == planner::ValueType::kOptional ? planner::ValueType::kOptional
                                                                  : planner::ValueType::kSequence;
    type = &type->sequence_type().elem_type();
  }
  RETURN_ERROR_IF(type->value_case() != onnx::TypeProto::kTensorType && type->value_case() != onnx::TypeProto::VALUE_NOT_SET,
                  StatusCode::kUnsupported, "value '", vi.name(),
                  "' is not a tensor, a sequence of tensors or an optional (maps and sparse tensors are not supported)");
  const onnx::TypeProto::Tensor& tensor = type->tensor_type();
  RETURN_ERROR_IF(tensor.elem_type() != 0 && !IsKnownDType(tensor.elem_type()), StatusCode::kUnsupported, "value '",
                  vi.name(), "' has unknown element type ", tensor.elem_type());
  t->dtype = static_cast<DType>(tensor.elem_type());
  t->has_shape = tensor.has_shape();
  t->dims.clear();
  t->dim_params.clear();
  for (const onnx::TensorShapeProto::Dimension& d : tensor.shape().dim()) {
    t->dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    t->dim_params.push_back(d.has_dim_param() ? d.dim_param() : "");
    RETURN_ERROR_IF(d.has_dim_value() && d.dim_value() < 0, StatusCode::kInvalidModel, "value '", vi.name(),
                    "' has negative dimension ", d.dim_value());
  }
  return Status::Ok();
}

Result<kernels::Attribute> GraphImporter::ImportAttribute(const onnx::AttributeProto& a, planner::Node& node) {
  const std::string where = node.info.Where();
  kernels::Attribute attr;
  attr.name = a.name();
  int type = a.type();
  // Type protos (Optional's `type`, SequenceEmpty-like declarations) only
  // restate what the values carry at run time: kept by name, without content.
  if (type == onnx::AttributeProto::TYPE_PROTO || type == onnx::AttributeProto::TYPE_PROTOS) return attr;
  RETURN_ERROR_IF(type < 1 || type > 10, StatusCode::kUnsupported, where, ": attribute '", a.name(), "' has type ",
                  type, " (sparse tensor attributes are not supported)");
  attr.type = static_cast<kernels::AttrType>(type);
  attr.f = a.f();
  attr.i = a.i();
  attr.s = a.s();
  attr.floats.assign(a.floats().begin(), a.floats().end());
  attr.ints.assign(a.ints().begin(), a.ints().end());
  attr.strings.assign(a.strings().begin(), a.strings().end());
  if (a.has_t()) {
    Result<TensorView> t = DecodeTensor(a.t(), base_dir_, &out_.storage);
    if (!t.ok()) return t.status().WithContext(StrCat(where, ": attribute '", a.name(), "'"));
    attr.tensor = t.value();
  }
  for (const onnx::TensorProto& tp : a.tensors()) {
    ASSIGN_OR_RETURN(TensorView t, DecodeTensor(tp, base_dir_, &out_.storage));
    attr.tensors.push_back(t);
  }
  std::vector<const onnx::GraphProto*> subgraphs;
  if (a.has_g()) subgraphs.push_back(&a.g());
  for (const onnx::GraphProto& g : a.graphs()) subgraphs.push_back(&g);
  for (const onnx::GraphProto* g : subgraphs) {
    // Each subgraph becomes a graph of the file; what it captures, this
    // graph must provide to the node (implicit inputs).
    out_.subgraphs.emplace_back();
    const int index = static_cast<int>(out_.subgraphs.size());
    auto sub = std::make_unique<planner::Graph>();
    GraphImporter importer(base_dir_, opsets_, out_, *sub, this);
    Status status = importer.Import(*g, nullptr);
    if (!status.ok()) return status.WithContext(StrCat(where, ": attribute '", a.name(), "'"));
    for (int c : sub->captures) {
      ASSIGN_OR_RETURN(int t, Resolve(sub->tensors[c].name, where));
      bool seen = false;
      for (int i : node.implicit_inputs) seen |= i == t;
      if (!seen) node.implicit_inputs.push_back(t);
    }
    out_.subgraphs[index - 1] = std::move(*sub);
    if (a.has_g()) attr.graph = index;
    else attr.graphs.push_back(index);
  }
  return attr;
}

Status GraphImporter::ImportNode(const onnx::NodeProto& proto, int index) {
  planner::Node node;
  node.info.name = proto.name().empty() ? StrCat(proto.op_type(), "_", index) : proto.name();
  node.info.op_type = proto.op_type();
  node.info.domain = proto.domain() == "ai.onnx" ? "" : proto.domain();
  node.info.index = index;
  auto opset = opsets_.find(node.info.domain);
  RETURN_ERROR_IF(opset == opsets_.end(), StatusCode::kInvalidModel, node.info.Where(), ": domain '",
                  node.info.domain, "' has no opset import");
  node.info.opset = static_cast<int>(opset->second);
  for (const onnx::AttributeProto& a : proto.attribute()) {
    ASSIGN_OR_RETURN(kernels::Attribute attr, ImportAttribute(a, node));
    node.info.attrs.Add(std::move(attr));
  }
  for (const std::string& name : proto.input()) {
    if (name.empty()) {
      node.inputs.push_back(-1);
      continue;
    }
    // Forward references are allowed (nodes need not be sorted); the
    // topological sort reports inputs that nothing produces.
    ASSIGN_OR_RETURN(int t, Resolve(name, node.info.Where()));
    node.inputs.push_back(t);
  }
  for (const std::string& name : proto.output()) {
    if (name.empty()) {
      node.outputs.push_back(-1);
      continue;
    }
    auto it = tensor_index_.find(name);
    if (it == tensor_index_.end()) {
      node.outputs.push_back(AddTensor(name, TensorKind::kIntermediate));
      continue;
    }
    RETURN_ERROR_IF(graph_.tensors[it->second].kind != TensorKind::kIntermediate, StatusCode::kInvalidModel,
                    node.info.Where(), ": output '", name, "' overwrites a graph input or initializer");
    node.outputs.push_back(it->second);
  }
  graph_.nodes.push_back(std::move(node));
  return Status::Ok();
}

Status GraphImporter::ImportInitializers(const onnx::GraphProto& g) {
  for (const onnx::TensorProto& init : g.initializer()) {
    RETURN_ERROR_IF(tensor_index_.count(init.name()), StatusCode::kInvalidModel, "initializer '", init.name(),
                    "' is defined twice");
    Result<TensorView> view = DecodeTensor(init, base_dir_, &out_.storage);
    if (!view.ok()) return view.status().WithContext(StrCat("initializer '", init.name(), "'"));
    int t = AddTensor(init.name(), TensorKind::kWeight);
    planner::TensorInfo& info = graph_.tensors[t];
    info.dtype = view->dtype;
    info.dims = view->dims;
    info.dim_params.assign(info.dims.size(), "");
    info.has_shape = true;
    info.data = view->data;
  }
  RETURN_ERROR_IF(g.sparse_initializer_size() > 0, StatusCode::kUnsupported, "sparse initializers are not supported");
  return Status::Ok();
}

Status GraphImporter::Import(const onnx::GraphProto& g, std::vector<planner::TensorInfo>* declared_outputs) {
  for (const onnx::ValueInfoProto& vi : g.input()) local_names_.insert(vi.name());
  for (const onnx::TensorProto& init : g.initializer()) local_names_.insert(init.name());
  for (const onnx::NodeProto& n : g.node()) {
    for (const std::string& o : n.output()) {
      if (!o.empty()) local_names_.insert(o);
    }
  }
  RETURN_IF_ERROR(ImportInitializers(g));
  for (const onnx::ValueInfoProto& vi : g.input()) {
    // An input that is also an initializer is a weight (IR >= 4 semantics).
    if (tensor_index_.count(vi.name())) continue;
    int t = AddTensor(vi.name(), TensorKind::kInput);
    RETURN_IF_ERROR(ApplyType(vi, &graph_.tensors[t]));
    RETURN_ERROR_IF(parent_ == nullptr && graph_.tensors[t].dtype == DType::kUndefined, StatusCode::kInvalidModel,
                    "graph input '", vi.name(), "' has no element type");
    graph_.inputs.push_back(t);
  }
  for (int n = 0; n < g.node_size(); ++n) RETURN_IF_ERROR(ImportNode(g.node(n), n));
  for (const onnx::ValueInfoProto& vi : g.output()) {
    Result<int> t = Resolve(vi.name(), StrCat("graph '", g.name(), "'"));
    if (!t.ok()) return t.status();
    RETURN_ERROR_IF(parent_ == nullptr && graph_.tensors[t.value()].kind == TensorKind::kIntermediate &&
                        !local_names_.count(vi.name()),
                    StatusCode::kInvalidModel, "graph output '", vi.name(),
                    "' is not produced by any node, input or initializer");
    graph_.outputs.push_back(t.value());
    graph_.tensors[t.value()].is_graph_output = true;
    planner::TensorInfo declared;
    declared.name = vi.name();
    RETURN_IF_ERROR(ApplyType(vi, &declared));
    if (graph_.tensors[t.value()].kind == TensorKind::kIntermediate) {
      graph_.tensors[t.value()].value_type = declared.value_type;
    }
    if (declared_outputs) declared_outputs->push_back(std::move(declared));
  }
  return Status::Ok();
}

void ImportMetadata(const onnx::ModelProto& model, OnnxMetadata* md) {
  md->producer_name = model.producer_name();
  md->producer_version = model.producer_version();
  md->graph_name = model.graph().name();
  md->graph_description = model.graph().doc_string();
  md->domain = model.domain();
  md->description = model.doc_string();
  md->version = model.model_version();
  for (const onnx::StringStringEntryProto& kv : model.metadata_props()) {
    md->custom_metadata.emplace_back(kv.key(), kv.value());
  }
}

}  // namespace

Result<ImportedModel> ImportOnnx(const void* data, size_t size, const std::string& base_dir) {
  onnx::ModelProto model;
  RETURN_ERROR_IF(size > static_cast<size_t>(std::numeric_limits<int>::max()), StatusCode::kUnsupported,
                  "model protobuf is over 2 GiB: store its weights as external data");
  RETURN_ERROR_IF(!model.ParseFromArray(data, static_cast<int>(size)), StatusCode::kInvalidModel,
                  "not a valid ONNX model (protobuf parse failed)");
  RETURN_ERROR_IF(!model.has_graph() || model.ir_version() == 0, StatusCode::kInvalidModel,
                  "not a valid ONNX model (no graph or no IR version)");
  ImportedModel out;
  out.ir_version = model.ir_version();
  ImportMetadata(model, &out.metadata);
  std::map<std::string, int64_t> opsets;
  for (const onnx::OperatorSetIdProto& op : model.opset_import()) {
    std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
    opsets[domain] = op.version();
    out.opset_imports.emplace_back(domain, op.version());
  }
  // IR version 2 models may omit the import; they mean opset 1.
  if (model.opset_import_size() == 0) opsets[""] = 1;
  GraphImporter importer(base_dir, opsets, out, out.graph, nullptr);
  RETURN_IF_ERROR(importer.Import(model.graph(), &out.declared_outputs));
  return out;
}

}  // namespace onyx::converter
