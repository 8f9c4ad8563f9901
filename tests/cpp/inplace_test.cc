// In-place reuse end to end. Each elementwise op the planner may run in
// place (IsInPlaceCandidate) is converted twice: once where its operand dies
// with it, so that the output takes the operand's arena bytes, and once with
// the operands also declared graph outputs, so that they keep their own. Both
// run through the Session on the reference kernels and must give the same bytes.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "format/reader.h"
#include "runtime/planner/graph.h"
#include "runtime/session/session.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;
constexpr int kDouble = onnx::TensorProto::DOUBLE;
constexpr int kInt32 = onnx::TensorProto::INT32;
constexpr int kUInt32 = onnx::TensorProto::UINT32;
constexpr int kBool = onnx::TensorProto::BOOL;
const std::vector<int64_t> kShape = {2, 3, 4};

struct OpCase {
  std::string op;
  int dtype = kFloat;                   // Of the operands (b: b_dtype when set).
  std::vector<int64_t> b_dims;          // Empty: a unary op.
  int alias = 0;                        // The operand whose bytes the output should take; -1: none.
  int out_dtype = 0;                    // 0: dtype.
  int b_dtype = 0;                      // 0: dtype.
  float lo = -0.9f, hi = 0.9f;          // Range of float operand a.
  std::vector<std::pair<std::string, std::string>> attrs;  // String attributes ("to" and numbers as ints).
  std::vector<float> extra_scalars;     // Scalar float weights appended as inputs (Clip's min, max).
};

std::vector<OpCase> Cases() {
  std::vector<OpCase> cases;
  for (const char* op : {"Abs", "Acos", "Asin", "Asinh", "Atan", "Atanh", "Ceil", "Celu", "Cos", "Cosh", "Elu", "Erf",
                         "Exp", "Floor", "Gelu", "HardSigmoid", "HardSwish", "LeakyRelu", "Mish", "Neg",
                         "Reciprocal", "Relu", "Round", "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh",
                         "Softplus", "Softsign", "Swish", "Tan", "Tanh", "ThresholdedRelu"}) {
    cases.push_back({op});
  }
  for (const char* op : {"Log", "Sqrt"}) cases.push_back({op, kFloat, {}, 0, 0, 0, 0.1f, 0.9f});
  cases.push_back({"Acosh", kFloat, {}, 0, 0, 0, 1.1f, 3.0f});
  cases.push_back({"Gelu", kFloat, {}, 0, 0, 0, -0.9f, 0.9f, {{"approximate", "s:tanh"}}});
  cases.push_back({"Clip", kFloat, {}, 0, 0, 0, -0.9f, 0.9f, {}, {-0.2f, 0.5f}});
  for (const char* op : {"Add", "Sub", "Mul", "Div", "Pow"}) {
    const float lo = std::string(op) == "Pow" ? 0.1f : -0.9f;
    cases.push_back({op, kFloat, kShape, 0, 0, 0, lo, 0.9f});  // Both die: a's bytes.
    cases.push_back({op, kFloat, {4}, 0, 0, 0, lo, 0.9f});     // b broadcasts: a's bytes.
  }
  cases.push_back({"PRelu", kFloat, {4}});
  cases.push_back({"PRelu", kFloat, kShape});
  cases.push_back({"Mod", kInt32, kShape});
  cases.push_back({"BitShift", kUInt32, {4}, 0, 0, 0, 0, 0, {{"direction", "s:LEFT"}}});
  for (const char* op : {"BitwiseAnd", "BitwiseOr", "BitwiseXor"}) cases.push_back({op, kInt32, kShape});
  cases.push_back({"BitwiseNot", kInt32});
  for (const char* op : {"And", "Or", "Xor"}) cases.push_back({op, kBool, {3, 1}});
  cases.push_back({"Not", kBool});
  cases.push_back({"Cast", kFloat, {}, 0, kInt32, 0, -9.f, 9.f, {{"to", "i:6"}}});
  cases.push_back({"CastLike", kFloat, kShape, 0, kInt32, kInt32, -9.f, 9.f});
  // Element sizes differ (4 to 8 bytes): no reuse.
  cases.push_back({"Cast", kFloat, {}, -1, kDouble, 0, -0.9f, 0.9f, {{"to", "i:11"}}});
  return cases;
}

// The operands are ta = a + a0 and tb = b + b0 (Or for bools): graph inputs
// live in the caller's memory, so the op's operands must be computed to be
// in the arena (and an Identity would be optimized away).
ModelBuilder Build(const OpCase& c, bool keep_operands) {
  const int out_dtype = c.out_dtype ? c.out_dtype : c.dtype;
  const int b_dtype = c.b_dtype ? c.b_dtype : c.dtype;
  const bool binary = !c.b_dims.empty();
  ModelBuilder m(24);
  m.Input("a", c.dtype, kShape).Output("y", out_dtype, kShape);
  const std::string combine = c.dtype == kBool ? "Or" : "Add";
  m.Input("a0", c.dtype, kShape);
  m.Node(combine, {"a", "a0"}, {"ta"}, "make_a");
  std::vector<std::string> inputs = {"ta"};
  if (binary) {
    m.Input("b", b_dtype, c.b_dims);
    m.Input("b0", b_dtype, c.b_dims);
    m.Node(combine, {"b", "b0"}, {"tb"}, "make_b");
    inputs.push_back("tb");
  }
  for (size_t i = 0; i < c.extra_scalars.size(); ++i) {
    std::string name = "s" + std::to_string(i);
    m.Weight(name, {}, std::vector<float>{c.extra_scalars[i]});
    inputs.push_back(name);
  }
  onnx::NodeProto* node = m.Node(c.op, inputs, {"y"}, "op");
  for (const auto& [name, value] : c.attrs) {
    auto* attr = node->add_attribute();
    attr->set_name(name);
    if (value[0] == 's') {
      attr->set_type(onnx::AttributeProto::STRING);
      attr->set_s(value.substr(2));
    } else {
      attr->set_type(onnx::AttributeProto::INT);
      attr->set_i(std::stoll(value.substr(2)));
    }
  }
  if (keep_operands) {
    m.Output("ta", c.dtype, kShape);
    if (binary) m.Output("tb", b_dtype, c.b_dims);
  }
  return m;
}

HostTensor RandomTensor(int onnx_dtype, const std::vector<int64_t>& dims, float lo, float hi, std::mt19937& rng) {
  DType dtype = static_cast<DType>(onnx_dtype);
  HostTensor t = HostTensor::Allocate(dtype, Dims(dims.begin(), dims.end())).value();
  const int64_t n = t.view().num_elements();
  std::uniform_real_distribution<float> real(lo, hi);
  for (int64_t i = 0; i < n; ++i) {
    if (dtype == DType::kFloat32) static_cast<float*>(t.data())[i] = real(rng);
    if (dtype == DType::kInt32) {  // Nonzero: b divides in Mod.
      static_cast<int32_t*>(t.data())[i] = static_cast<int32_t>(1 + rng() % 9) * (rng() % 2 ? 1 : -1);
    }
    if (dtype == DType::kUInt32) static_cast<uint32_t*>(t.data())[i] = rng() % 31;
    if (dtype == DType::kBool) static_cast<uint8_t*>(t.data())[i] = rng() % 2;
  }
  return t;
}

// The arena offset of each named tensor of the file's main graph (-1: not in the arena).
std::map<std::string, int64_t> ArenaOffsets(const std::vector<uint8_t>& file) {
  std::map<std::string, int64_t> offsets;
  auto view = format::VerifyModel(file.data(), file.size());
  EXPECT_TRUE(view.ok()) << view.status().ToString();
  if (!view.ok()) return offsets;
  for (const fb::Tensor* t : *view->model->graphs()->Get(0)->tensors()) {
    offsets[t->name()->str()] = t->location() == fb::Location::ARENA ? static_cast<int64_t>(t->arena_offset()) : -1;
  }
  return offsets;
}

HostTensor RunY(const std::vector<uint8_t>& file, const std::vector<NamedInput>& inputs) {
  auto session = Session::FromBytes(file.data(), file.size(), SessionOptions());
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  if (!session.ok()) return HostTensor();
  auto out = session.value()->Run(inputs, {"y"});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? out.value()[0] : HostTensor();
}

TEST(InPlace, EveryCandidateOpGivesTheSameBytesWithAndWithoutReuse) {
  std::mt19937 rng(2024);
  for (const OpCase& c : Cases()) {
    SCOPED_TRACE(c.op + " with b of rank " + std::to_string(c.b_dims.size()));
    ASSERT_TRUE(planner::IsInPlaceCandidate(kernels::NodeInfo{"op", c.op, "", 24, 0, {}}));
    auto reused = Build(c, false).Convert();
    auto apart = Build(c, true).Convert();
    ASSERT_TRUE(reused.ok()) << reused.status().ToString();
    ASSERT_TRUE(apart.ok()) << apart.status().ToString();
    std::map<std::string, int64_t> in_place = ArenaOffsets(reused.value());
    std::map<std::string, int64_t> separate = ArenaOffsets(apart.value());
    const std::string operand = c.alias == 1 ? "tb" : "ta";
    ASSERT_TRUE(in_place.count("y") && in_place.count("ta") && separate.count("y") && separate.count("ta"));
    ASSERT_GE(in_place["y"], 0);
    ASSERT_GE(in_place["ta"], 0);
    if (c.alias >= 0) {
      EXPECT_EQ(in_place["y"], in_place.at(operand)) << "the output should take " << operand << "'s bytes";
    } else {
      EXPECT_NE(in_place["y"], in_place["ta"]);
    }
    EXPECT_NE(separate["y"], separate["ta"]);
    if (!c.b_dims.empty()) {
      ASSERT_TRUE(separate.count("tb"));
      EXPECT_NE(separate["y"], separate["tb"]);
    }

    // a0 and b0 are zero (false): the op sees a and b.
    HostTensor a = RandomTensor(c.dtype, kShape, c.lo, c.hi, rng);
    HostTensor a0 = HostTensor::Allocate(static_cast<DType>(c.dtype), Dims(kShape.begin(), kShape.end())).value();
    std::vector<NamedInput> inputs = {{"a", a.view()}, {"a0", a0.view()}};
    HostTensor b, b0;
    if (!c.b_dims.empty()) {
      const int b_dtype = c.b_dtype ? c.b_dtype : c.dtype;
      b = RandomTensor(b_dtype, c.b_dims, 0.5f, 1.5f, rng);
      b0 = HostTensor::Allocate(static_cast<DType>(b_dtype), Dims(c.b_dims.begin(), c.b_dims.end())).value();
      inputs.push_back({"b", b.view()});
      inputs.push_back({"b0", b0.view()});
    }
    HostTensor y_reused = RunY(reused.value(), inputs);
    HostTensor y_apart = RunY(apart.value(), inputs);
    ASSERT_EQ(y_reused.nbytes(), y_apart.nbytes());
    ASSERT_GT(y_reused.nbytes(), 0u);
    EXPECT_EQ(std::memcmp(y_reused.data(), y_apart.data(), y_reused.nbytes()), 0);
  }
}

// A chain where every op takes its predecessor's bytes runs in one block,
// and a branch that reads an operand later keeps it from being overwritten.
TEST(InPlace, ChainAndBranchMatchTheirReference) {
  ModelBuilder m(17);
  m.Input("x", kFloat, {64}).Input("w", kFloat, {64}).Output("y", kFloat, {64});
  m.Node("Sub", {"x", "w"}, {"t0"});
  m.Node("Relu", {"t0"}, {"t1"});          // t0 dies: in place.
  m.Node("Sigmoid", {"t1"}, {"t2"});       // t1 read again by Mul: new bytes.
  m.Node("Add", {"t2", "w"}, {"t3"});      // t2 dies: in place.
  m.Node("Mul", {"t3", "t1"}, {"t4"});     // Both die: t3's bytes.
  m.Node("Tanh", {"t4"}, {"y"});           // t4 dies: in place.
  auto file = m.Convert();
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::map<std::string, int64_t> at = ArenaOffsets(file.value());
  for (const char* t : {"t0", "t1", "t2", "t3", "t4", "y"}) {
    ASSERT_TRUE(at.count(t) && at[t] >= 0) << t << " is not in the arena";
  }
  EXPECT_EQ(at["t1"], at["t0"]);
  EXPECT_NE(at["t2"], at["t1"]);
  EXPECT_EQ(at["t3"], at["t2"]);
  EXPECT_EQ(at["t4"], at["t3"]);
  EXPECT_EQ(at["y"], at["t4"]);
  std::vector<float> x(64), w(64), expected(64);
  for (int i = 0; i < 64; ++i) {
    x[i] = static_cast<float>(i - 32) / 8.0f;
    w[i] = static_cast<float>(i % 5) - 2.0f;
    const double r = std::max(0.0, static_cast<double>(x[i]) - w[i]);
    const double s = 1.0 / (1.0 + std::exp(-r));
    expected[i] = static_cast<float>(std::tanh((s + w[i]) * r));
  }
  HostTensor xt = HostTensor::From<float>({64}, x), wt = HostTensor::From<float>({64}, w);
  HostTensor y = RunY(file.value(), {{"x", xt.view()}, {"w", wt.view()}});
  std::vector<float> got = y.values<float>();
  ASSERT_EQ(got.size(), 64u);
  for (int i = 0; i < 64; ++i) EXPECT_NEAR(got[i], expected[i], 1e-6) << "at " << i;
}

}  // namespace
}  // namespace onyx
