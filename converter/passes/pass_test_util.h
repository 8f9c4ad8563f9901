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

inline Converted Convert(const OnnxModel& m, const ConvertOptions& options) {
  const std::string bytes = m.Bytes();
  Result<ConvertResult> r = ConvertOnnx(bytes.data(), bytes.size(), ".", options);
  Converted c;
  if (!r.ok()) {
    ADD_FAILURE() << "conversion failed: " << r.status().ToString();
    return c;
  }
  c.ok = true;
  c.file = std::move(r.value().file);
  c.summary = std::move(r.value().summary);
  return c;
}

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

inline std::vector<FileNode> Nodes(const std::vector<uint8_t>& file) {
  std::vector<FileNode> nodes;
  AlignedBuffer copy = AlignedBuffer::Allocate(file.size()).value();
  std::memcpy(copy.data(), file.data(), file.size());
  Result<format::ModelView> view = format::VerifyModel(copy.data(), file.size());
  if (!view.ok()) {
    ADD_FAILURE() << view.status().ToString();
    return nodes;
  }
  const fb::Graph* g = view->model->graphs()->Get(0);
  for (const fb::Node* n : *g->nodes()) {
    FileNode f;
    f.name = n->name() ? n->name()->str() : "";
    f.op_type = n->op_type()->str();
    f.domain = n->domain() ? n->domain()->str() : "";
    f.opset = n->opset();
    if (n->attributes()) {
      for (const fb::Attribute* a : *n->attributes()) {
        std::string value;
        switch (a->type()) {
          case fb::AttributeType::INT: value = std::to_string(a->i()); break;
          case fb::AttributeType::FLOAT: value = std::to_string(a->f()); break;
          case fb::AttributeType::STRING:
            value = a->s() ? std::string(a->s()->begin(), a->s()->end()) : "";
            break;
          case fb::AttributeType::FLOATS:
            for (float v : *a->floats()) value += (value.empty() ? "" : ",") + std::to_string(v);
            break;
          case fb::AttributeType::INTS:
            for (int64_t v : *a->ints()) value += (value.empty() ? "" : ",") + std::to_string(v);
            break;
          default: break;
        }
        f.attrs.emplace_back(a->name()->str(), value);
      }
    }
    nodes.push_back(std::move(f));
  }
  return nodes;
}

// The attribute `name` of `node` as text, "" when absent.
inline std::string Attr(const FileNode& node, const std::string& name) {
  for (const auto& kv : node.attrs) {
    if (kv.first == name) return kv.second;
  }
  return "";
}

// Random feeds for the model's inputs (symbolic dims as 2): floats in
// [-2, 2), int64 in [0, 3).
inline std::vector<NamedInput> RandomInputs(const OnnxModel& m, uint32_t seed, std::vector<HostTensor>* storage) {
  std::mt19937 rng(seed);
  std::vector<NamedInput> feeds;
  storage->clear();
  storage->reserve(m.proto().graph().input_size());
  for (const onnx::ValueInfoProto& vi : m.proto().graph().input()) {
    Dims dims;
    for (const auto& d : vi.type().tensor_type().shape().dim()) dims.push_back(d.has_dim_value() ? d.dim_value() : 2);
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    if (vi.type().tensor_type().elem_type() == kInt64) {
      std::uniform_int_distribution<int64_t> dist(0, 2);
      std::vector<int64_t> v(static_cast<size_t>(n));
      for (int64_t& x : v) x = dist(rng);
      storage->push_back(HostTensor::From<int64_t>(dims, v));
    } else {
      std::uniform_real_distribution<float> dist(-2, 2);
      std::vector<float> v(static_cast<size_t>(n));
      for (float& x : v) x = dist(rng);
      storage->push_back(HostTensor::From<float>(dims, v));
    }
    feeds.push_back(NamedInput{vi.name(), storage->back().view()});
  }
  return feeds;
}

inline std::vector<HostTensor> RunFile(const std::vector<uint8_t>& file, const std::vector<NamedInput>& feeds) {
  Result<std::unique_ptr<Session>> session = Session::FromBytes(file.data(), file.size(), SessionOptions());
  if (!session.ok()) {
    ADD_FAILURE() << "load failed: " << session.status().ToString();
    return {};
  }
  Result<std::vector<HostTensor>> out = session.value()->Run(feeds, {});
  if (!out.ok()) {
    ADD_FAILURE() << "run failed: " << out.status().ToString();
    return {};
  }
  return std::move(out).value();
}

// Every output element within `tol` x max(1, |want|) of the reference.
inline void ExpectClose(const std::vector<HostTensor>& got, const std::vector<HostTensor>& want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].dtype(), want[i].dtype()) << "output " << i;
    ASSERT_EQ(got[i].dims(), want[i].dims()) << "output " << i;
    if (got[i].dtype() == DType::kFloat32) {
      const std::vector<float> g = got[i].values<float>(), w = want[i].values<float>();
      for (size_t j = 0; j < g.size(); ++j) {
        EXPECT_NEAR(g[j], w[j], tol * std::max(1.0, std::fabs(static_cast<double>(w[j]))))
            << "output " << i << " element " << j;
      }
    } else {
      EXPECT_EQ(std::memcmp(got[i].data(), want[i].data(), got[i].nbytes()), 0) << "output " << i;
    }
  }
}

// Converts `m` without passes and with `options`, runs both on the same
// random inputs and compares the outputs; returns the optimized conversion.
inline Converted ExpectSameOutputs(const OnnxModel& m, const ConvertOptions& options, double tol = 1e-5) {
  ConvertOptions plain = options;
  plain.optimization_level = kDisableAll;
  plain.passes.clear();
  Converted before = Convert(m, plain);
  Converted after = Convert(m, options);
  if (!before.ok || !after.ok) return after;
  for (uint32_t seed : {1u, 2u}) {
    std::vector<HostTensor> storage;
    std::vector<NamedInput> feeds = RandomInputs(m, seed, &storage);
    std::vector<HostTensor> want = RunFile(before.file, feeds);
    std::vector<HostTensor> got = RunFile(after.file, feeds);
    ExpectClose(got, want, tol);
  }
  return after;
}

}  // namespace onyx::converter::passes::testing
