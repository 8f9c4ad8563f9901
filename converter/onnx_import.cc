#include "converter/onnx_import.h"

#include <limits>
#include <map>

#include "converter/onnx_tensor.h"
#include "onnx/onnx-ml.pb.h"

namespace onyx::converter {
namespace {

using planner::TensorKind;

struct Importer {
  const std::string& base_dir;
  ImportedModel& out;
  std::map<std::string, int> tensor_index;
  std::map<std::string, int64_t> opsets;

  int AddTensor(const std::string& name, TensorKind kind) {
    planner::TensorInfo t;
    t.name = name;
    t.kind = kind;
    out.graph.tensors.push_back(std::move(t));
    int index = static_cast<int>(out.graph.tensors.size() - 1);
    tensor_index[name] = index;
    return index;
  }

  // dtype and shape from an ONNX type; symbolic dims become -1 with a name.
  Status ApplyType(const onnx::ValueInfoProto& vi, planner::TensorInfo* t) {
    const onnx::TypeProto& type = vi.type();
    RETURN_ERROR_IF(type.value_case() != onnx::TypeProto::kTensorType && type.value_case() != onnx::TypeProto::VALUE_NOT_SET,
                    StatusCode::kUnsupported, "value '", vi.name(), "' is not a tensor (sequences, maps and optionals are not supported yet)");
    const onnx::TypeProto::Tensor& tensor = type.tensor_type();
    RETURN_ERROR_IF(tensor.elem_type() != 0 && !IsKnownDType(tensor.elem_type()), StatusCode::kUnsupported,
                    "value '", vi.name(), "' has unknown element type ", tensor.elem_type());
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

  Result<kernels::Attribute> ImportAttribute(const onnx::AttributeProto& a, const std::string& where) {
    kernels::Attribute attr;
    attr.name = a.name();
    int type = a.type();
    RETURN_ERROR_IF(type < 1 || type > 10, StatusCode::kUnsupported, where, ": attribute '", a.name(),
                    "' has type ", type, " (sparse tensors and type protos are not supported)");
    attr.type = static_cast<kernels::AttrType>(type);
    attr.f = a.f();
    attr.i = a.i();
    attr.s = a.s();
    attr.floats.assign(a.floats().begin(), a.floats().end());
    attr.ints.assign(a.ints().begin(), a.ints().end());
    attr.strings.assign(a.strings().begin(), a.strings().end());
    if (a.has_t()) {
      Result<TensorView> t = DecodeTensor(a.t(), base_dir, &out.storage);
      if (!t.ok()) return t.status().WithContext(StrCat(where, ": attribute '", a.name(), "'"));
      attr.tensor = t.value();
    }
    for (const onnx::TensorProto& tp : a.tensors()) {
      ASSIGN_OR_RETURN(TensorView t, DecodeTensor(tp, base_dir, &out.storage));
      attr.tensors.push_back(t);
    }
    // Subgraphs (If, Loop, Scan) are not imported yet: such nodes are
    // reported as unsupported by the converter's op check.
    return attr;
  }

  Status ImportNode(const onnx::NodeProto& proto, int index) {
    planner::Node node;
    node.info.name = proto.name().empty() ? StrCat(proto.op_type(), "_", index) : proto.name();
    node.info.op_type = proto.op_type();
    node.info.domain = proto.domain() == "ai.onnx" ? "" : proto.domain();
    node.info.index = index;
    auto opset = opsets.find(node.info.domain);
    RETURN_ERROR_IF(opset == opsets.end(), StatusCode::kInvalidModel, node.info.Where(), ": domain '",
                    node.info.domain, "' has no opset import");
    node.info.opset = static_cast<int>(opset->second);
    for (const onnx::AttributeProto& a : proto.attribute()) {
      ASSIGN_OR_RETURN(kernels::Attribute attr, ImportAttribute(a, node.info.Where()));
      node.info.attrs.Add(std::move(attr));
    }
    for (const std::string& name : proto.input()) {
      if (name.empty()) {
        node.inputs.push_back(-1);
        continue;
      }
      auto it = tensor_index.find(name);
      // Forward references are allowed (nodes need not be sorted); the
      // topological sort reports inputs that nothing produces.
      node.inputs.push_back(it != tensor_index.end() ? it->second : AddTensor(name, TensorKind::kIntermediate));
    }
    for (const std::string& name : proto.output()) {
      if (name.empty()) {
        node.outputs.push_back(-1);
        continue;
      }
      auto it = tensor_index.find(name);
      if (it == tensor_index.end()) {
        node.outputs.push_back(AddTensor(name, TensorKind::kIntermediate));
        continue;
      }
      RETURN_ERROR_IF(out.graph.tensors[it->second].kind != TensorKind::kIntermediate, StatusCode::kInvalidModel,
                      node.info.Where(), ": output '", name, "' overwrites a graph input or initializer");
      node.outputs.push_back(it->second);
    }
    out.graph.nodes.push_back(std::move(node));
    return Status::Ok();
  }

  Status ImportGraph(const onnx::GraphProto& g) {
    for (const onnx::TensorProto& init : g.initializer()) {
      RETURN_ERROR_IF(tensor_index.count(init.name()), StatusCode::kInvalidModel, "initializer '", init.name(),
                      "' is defined twice");
      Result<TensorView> view = DecodeTensor(init, base_dir, &out.storage);
      if (!view.ok()) return view.status().WithContext(StrCat("initializer '", init.name(), "'"));
      int t = AddTensor(init.name(), TensorKind::kWeight);
      planner::TensorInfo& info = out.graph.tensors[t];
      info.dtype = view->dtype;
      info.dims = view->dims;
      info.dim_params.assign(info.dims.size(), "");
      info.has_shape = true;
      info.data = view->data;
    }
    RETURN_ERROR_IF(g.sparse_initializer_size() > 0, StatusCode::kUnsupported, "sparse initializers are not supported");
    for (const onnx::ValueInfoProto& vi : g.input()) {
      // An input that is also an initializer is a weight (IR >= 4 semantics).
      if (tensor_index.count(vi.name())) continue;
      int t = AddTensor(vi.name(), TensorKind::kInput);
      RETURN_IF_ERROR(ApplyType(vi, &out.graph.tensors[t]));
      RETURN_ERROR_IF(out.graph.tensors[t].dtype == DType::kUndefined, StatusCode::kInvalidModel, "graph input '",
                      vi.name(), "' has no element type");
      out.graph.inputs.push_back(t);
    }
    for (int n = 0; n < g.node_size(); ++n) RETURN_IF_ERROR(ImportNode(g.node(n), n));
    for (const onnx::ValueInfoProto& vi : g.output()) {
      auto it = tensor_index.find(vi.name());
      RETURN_ERROR_IF(it == tensor_index.end(), StatusCode::kInvalidModel, "graph output '", vi.name(),
                      "' is not produced by any node, input or initializer");
      out.graph.outputs.push_back(it->second);
      out.graph.tensors[it->second].is_graph_output = true;
      planner::TensorInfo declared;
      declared.name = vi.name();
      RETURN_IF_ERROR(ApplyType(vi, &declared));
      out.declared_outputs.push_back(std::move(declared));
    }
    return Status::Ok();
  }
};

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
  Importer importer{base_dir, out, {}, {}};
  for (const onnx::OperatorSetIdProto& op : model.opset_import()) {
    std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
    importer.opsets[domain] = op.version();
    out.opset_imports.emplace_back(domain, op.version());
  }
  // IR version 2 models may omit the import; they mean opset 1.
  if (model.opset_import_size() == 0) importer.opsets[""] = 1;
  RETURN_IF_ERROR(importer.ImportGraph(model.graph()));
  return out;
}

}  // namespace onyx::converter
