#pragma once

// Builds small ONNX models in C++ for end-to-end tests (the C++ twin of
// onnx.helper), and converts them with the converter.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "converter/convert.h"
#include "onnx/onnx-ml.pb.h"

namespace onyx::testing {

class ModelBuilder {
 public:
  explicit ModelBuilder(int opset = 17) {
    model_.set_ir_version(8);
    model_.set_producer_name("onyx-cpp-tests");
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  // Dims: >= 0 fixed, -1 symbolic named `param` (or unnamed when empty).
  ModelBuilder& Input(const std::string& name, int elem_type, const std::vector<int64_t>& dims,
                      const std::string& param = "") {
    SetValueInfo(model_.mutable_graph()->add_input(), name, elem_type, dims, param);
    return *this;
  }
  ModelBuilder& Output(const std::string& name, int elem_type, const std::vector<int64_t>& dims,
                       const std::string& param = "") {
    SetValueInfo(model_.mutable_graph()->add_output(), name, elem_type, dims, param);
    return *this;
  }
  ModelBuilder& Weight(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t->add_dims(d);
    t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    return *this;
  }
  ModelBuilder& Weight(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t v : values) t->add_int64_data(v);
    return *this;
  }
  onnx::NodeProto* Node(const std::string& op, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::string& name = "") {
    auto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return n;
  }

  std::string Bytes() const { return model_.SerializeAsString(); }
  onnx::ModelProto& proto() { return model_; }

  // Converts to .onyx bytes; aborts the test binary on failure via the Result.
  Result<std::vector<uint8_t>> Convert(const converter::ConvertOptions& options = {}) const {
    std::string bytes = Bytes();
    Result<converter::ConvertResult> r = converter::ConvertOnnx(bytes.data(), bytes.size(), ".", options);
    if (!r.ok()) return r.status();
    return std::move(r.value().file);
  }

 private:
  static void SetValueInfo(onnx::ValueInfoProto* vi, const std::string& name, int elem_type,
                           const std::vector<int64_t>& dims, const std::string& param) {
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem_type);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) {
      auto* dim = shape->add_dim();
      if (d >= 0) dim->set_dim_value(d);
      else if (!param.empty()) dim->set_dim_param(param);
    }
  }

  onnx::ModelProto model_;
};

// Subgraphs (If, Loop, Scan bodies): a value's declaration, a node, and a
// graph attribute.
inline void AddValueInfo(onnx::ValueInfoProto* v, const std::string& name, int elem_type,
                         const std::vector<int64_t>& dims) {
  v->set_name(name);
  auto* t = v->mutable_type()->mutable_tensor_type();
  t->set_elem_type(elem_type);
  auto* shape = t->mutable_shape();
  for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
}

inline void AddNode(onnx::GraphProto* g, const std::string& op, const std::vector<std::string>& in,
                    const std::vector<std::string>& out) {
  auto* n = g->add_node();
  n->set_op_type(op);
  for (const auto& i : in) n->add_input(i);
  for (const auto& o : out) n->add_output(o);
}

inline void SetGraph(onnx::NodeProto* node, const std::string& name, const onnx::GraphProto& g) {
  auto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::GRAPH);
  *a->mutable_g() = g;
}

}  // namespace onyx::testing
