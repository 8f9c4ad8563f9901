#pragma once

// What every pass test does: build a small ONNX model, convert it with no
// passes and with the pass under test, run both on the reference kernels
// with the same random inputs, compare the outputs, and look at what the
// pass made of the graph (op counts, the file's nodes). Test-only.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "converter/convert.h"
#include "format/reader.h"
#include "onnx/onnx-ml.pb.h"
#include "runtime/core/arena.h"
#include "runtime/core/host_tensor.h"
#include "runtime/session/session.h"

namespace onyx::converter::passes::testing {

constexpr int kFloat = onnx::TensorProto::FLOAT;
constexpr int kInt64 = onnx::TensorProto::INT64;

// onnx.helper in C++: a model of one graph.
class OnnxModel {
 public:
  explicit OnnxModel(int opset = 17) {
    model_.set_ir_version(8);
    model_.set_producer_name("onyx-pass-tests");
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  // Dims: >= 0 fixed, -1 the symbolic "N".
  OnnxModel& Input(const std::string& name, const std::vector<int64_t>& dims, int elem_type = kFloat) {
    auto* vi = model_.mutable_graph()->add_input();
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem_type);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) {
      auto* dim = shape->add_dim();
      if (d >= 0) dim->set_dim_value(d);
      else dim->set_dim_param("N");
    }
    return *this;
  }
  // Outputs declare only their element type.
  OnnxModel& Output(const std::string& name, int elem_type = kFloat) {
    auto* vi = model_.mutable_graph()->add_output();
    vi->set_name(name);
    vi->mutable_type()->mutable_tensor_type()->set_elem_type(elem_type);
    return *this;
  }
  OnnxModel& Weight(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(kFloat);
    for (int64_t d : dims) t->add_dims(d);
    t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    return *this;
  }
  OnnxModel& Weight(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(kInt64);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t v : values) t->add_int64_data(v);
    return *this;
  }
  // A float weight of uniform values in [lo, hi), seeded by its name.
  OnnxModel& RandomWeight(const std::string& name, const std::vector<int64_t>& dims, float lo = -1, float hi = 1) {
    std::mt19937 rng(static_cast<uint32_t>(std::hash<std::string>()(name)));
    std::uniform_real_distribution<float> dist(lo, hi);
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = dist(rng);
    return Weight(name, dims, v);
  }
  // A scalar float weight (shape []).
  OnnxModel& Scalar(const std::string& name, float value) { return Weight(name, {}, std::vector<float>{value}); }

  onnx::NodeProto* Node(const std::string& op, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::string& name = "") {
    auto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return n;
  }

  onnx::ModelProto& proto() { return model_; }
  const onnx::ModelProto& proto() const { return model_; }
  std::string Bytes() const { return model_.SerializeAsString(); }

 private:
  onnx::ModelProto model_;
};

inline void SetInt(onnx::NodeProto* n, const std::string& name, int64_t v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}
inline void SetFloat(onnx::NodeProto* n, const std::string& name, float v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}
inline void SetString(onnx::NodeProto* n, const std::string& name, const std::string& v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}
inline void SetInts(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}

inline ConvertOptions Level(int level) {
  ConvertOptions o;
  o.optimization_level = level;
  return o;
}

// Exactly the passes named (level 0 otherwise).
inline ConvertOptions Passes(std::vector<std::string> names) {
  ConvertOptions o;
  o.optimization_level = kDisableAll;
  o.passes = std::move(names);
  return o;
}

struct Converted {
  bool ok = false;
  std::vector<uint8_t> file;
  ConvertSummary summary;
};

// Converts `m`; a failed conversion is a test failure (and `ok` false).
Converted Convert(const OnnxModel& m, const ConvertOptions& options);

// How many nodes of `op` ("Conv", "com.microsoft.FusedConv") the main graph has.
inline int Count(const ConvertSummary& s, const std::string& op) {
  for (const auto& kv : s.op_counts) {
    if (kv.first == op) return kv.second;
  }
  return 0;
}

// One node of a converted file's main graph, as written.
struct FileNode {
  std::string name, op_type, domain;
  int opset = 0;
  std::vector<std::pair<std::string, std::string>> attrs;  // Name and value as text.
};

std::vector<FileNode> Nodes(const std::vector<uint8_t>& file);

// The attribute `name` of `node` as text, "" when absent.
inline std::string Attr(const FileNode& node, const std::string& name) {
  for (const auto& kv : node.attrs) {
    if (kv.first == name) return kv.second;
  }
  return "";
}

// Random feeds for the model's inputs (symbolic dims as 2): floats in
// [-2, 2), int64 in [0, 3).
std::vector<NamedInput> RandomInputs(const OnnxModel& m, uint32_t seed, std::vector<HostTensor>* storage);

// Runs a converted file on the reference kernels; a failure is a test failure.
std::vector<HostTensor> RunFile(const std::vector<uint8_t>& file, const std::vector<NamedInput>& feeds);

// Every output element within `tol` x max(1, |want|) of the reference.
void ExpectClose(const std::vector<HostTensor>& got, const std::vector<HostTensor>& want, double tol);

// Converts `m` without passes and with `options`, runs both on the same
// random inputs and compares the outputs; returns the optimized conversion.
Converted ExpectSameOutputs(const OnnxModel& m, const ConvertOptions& options, double tol = 1e-5);

}  // namespace onyx::converter::passes::testing
