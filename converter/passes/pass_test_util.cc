#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes::testing {

Converted Convert(const OnnxModel& m, const ConvertOptions& options) {
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

std::vector<FileNode> Nodes(const std::vector<uint8_t>& file) {
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

std::vector<NamedInput> RandomInputs(const OnnxModel& m, uint32_t seed, std::vector<HostTensor>* storage) {
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

std::vector<HostTensor> RunFile(const std::vector<uint8_t>& file, const std::vector<NamedInput>& feeds) {
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

void ExpectClose(const std::vector<HostTensor>& got, const std::vector<HostTensor>& want, double tol) {
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

Converted ExpectSameOutputs(const OnnxModel& m, const ConvertOptions& options, double tol) {
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
