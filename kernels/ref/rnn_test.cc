#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;
using testing::Random;

// Runs `op` with extra attributes of any type (KernelRunner has no setter for
// a strings attribute such as 'activations'), no guard bytes.
Result<std::vector<HostTensor>> RunWithAttrs(const char* op, int opset, std::vector<Attribute> attrs,
                                             const std::vector<HostTensor>& inputs, size_t outputs) {
  NodeInfo node;
  node.name = "test_node";
  node.op_type = op;
  node.opset = opset;
  node.attrs = Attributes(std::move(attrs));
  const KernelDef* def = FindKernel(Library(), "", op, opset, inputs[0].dtype());
  RETURN_ERROR_IF(def == nullptr, StatusCode::kNotFound, "no kernel");
  std::vector<ValueInfo> infos;
  for (size_t i = 0; i < inputs.size(); ++i) {
    infos.push_back(ValueInfo{"input" + std::to_string(i), inputs[i].dtype() != DType::kUndefined,
                              inputs[i].dtype(), inputs[i].dims(), nullptr, false});
  }
  PrepareContext prepare(node, std::move(infos), outputs);
  RETURN_IF_ERROR(def->prepare(prepare));
  KernelState state = prepare.TakeState();
  std::vector<HostTensor> outs;
  std::vector<TensorView> out_views, in_views;
  for (size_t i = 0; i < outputs; ++i) {
    ASSIGN_OR_RETURN(HostTensor t, HostTensor::Allocate(prepare.output(i).dtype, prepare.output(i).dims));
    outs.push_back(std::move(t));
  }
  for (const HostTensor& t : outs) out_views.push_back(t.view());
  for (const HostTensor& t : inputs) in_views.push_back(t.view());
  std::vector<const TensorView*> in_ptrs;
  std::vector<TensorView*> out_ptrs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    in_ptrs.push_back(inputs[i].dtype() == DType::kUndefined ? nullptr : &in_views[i]);
  }
  for (TensorView& v : out_views) out_ptrs.push_back(&v);
  ASSIGN_OR_RETURN(AlignedBuffer scratch, AlignedBuffer::Allocate(prepare.scratch_bytes() + 1));
  RunContext run;
  run.node = &node;
  run.inputs = Span<const TensorView* const>(in_ptrs.data(), in_ptrs.size());
  run.outputs = Span<TensorView* const>(out_ptrs.data(), out_ptrs.size());
  run.state_ptr = state.get();
  run.scratch = scratch.data();
  run.scratch_bytes = prepare.scratch_bytes();
  RETURN_IF_ERROR(def->run(run));
  return outs;
}

Attribute StringsAttr(const std::string& name, std::vector<std::string> values) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kStrings;
  a.strings = std::move(values);
  return a;
}

Attribute Named(const std::string& name, AttrType type, int64_t i, float f, std::string s) {
  Attribute a;
  a.name = name;
  a.type = type;
  a.i = i;
  a.f = f;
  a.s = std::move(s);
  return a;
}

struct Case {
  int64_t seq = 3, batch = 2, input = 3, hidden = 4, dirs = 1;
  std::string direction = "forward";
  std::vector<int32_t> lens;  // Empty: all full.
  float clip = 0;
  bool relu = false;  // activations = Relu instead of Tanh.
};

// Layout-0 RNN straight from the definition; returns Y then Y_h.
void Naive(const Case& c, const std::vector<float>& x, const std::vector<float>& w,
           const std::vector<float>& r, const std::vector<float>& bias,
           const std::vector<float>& h0, std::vector<double>* y, std::vector<double>* yh) {
  const int64_t hs = c.hidden;
  y->assign(c.seq * c.dirs * c.batch * hs, 0);
  yh->assign(c.dirs * c.batch * hs, 0);
  for (int64_t d = 0; d < c.dirs; ++d)
    for (int64_t b = 0; b < c.batch; ++b) {
      const int64_t len = c.lens.empty() ? c.seq : c.lens[b];
      std::vector<double> h(h0.begin() + (d * c.batch + b) * hs, h0.begin() + (d * c.batch + b + 1) * hs);
      for (int64_t s = 0; s < len; ++s) {
        const int64_t t = (c.direction == "reverse" || d == 1) ? len - 1 - s : s;
        std::vector<double> next(hs);
        for (int64_t j = 0; j < hs; ++j) {
          double v = bias[d * 2 * hs + j] + bias[d * 2 * hs + hs + j];
          for (int64_t k = 0; k < c.input; ++k) v += x[(t * c.batch + b) * c.input + k] * w[(d * hs + j) * c.input + k];
          for (int64_t k = 0; k < hs; ++k) v += h[k] * r[(d * hs + j) * hs + k];
          if (c.clip > 0) v = std::fmax(-c.clip, std::fmin(c.clip, v));
          next[j] = c.relu ? std::fmax(0.0, v) : std::tanh(v);
        }
        h = next;
        for (int64_t j = 0; j < hs; ++j) (*y)[((t * c.dirs + d) * c.batch + b) * hs + j] = h[j];
      }
      for (int64_t j = 0; j < hs; ++j) (*yh)[(d * c.batch + b) * hs + j] = h[j];
    }
}

TEST(RNN, RandomMatchesNaive) {
  std::mt19937 rng(91);
  const char* dirs[] = {"forward", "reverse", "bidirectional"};
  for (int trial = 0; trial < 30; ++trial) {
    Case c;
    c.direction = dirs[trial % 3];
    c.dirs = c.direction == "bidirectional" ? 2 : 1;
    c.seq = 1 + trial % 4;
    if (trial % 4 == 1) c.lens = {static_cast<int32_t>(c.seq), static_cast<int32_t>(trial % c.seq)};
    c.clip = trial % 5 == 2 ? 0.5f : 0.0f;
    c.relu = trial % 7 == 3;
    const int64_t hs = c.hidden;
    std::vector<float> x = Random<float>(c.seq * c.batch * c.input, rng);
    std::vector<float> w = Random<float>(c.dirs * hs * c.input, rng), r = Random<float>(c.dirs * hs * hs, rng);
    std::vector<float> bias = Random<float>(c.dirs * 2 * hs, rng), h0 = Random<float>(c.dirs * c.batch * hs, rng);
    std::vector<HostTensor> in = {HostTensor::From<float>({c.seq, c.batch, c.input}, x),
                                  HostTensor::From<float>({c.dirs, hs, c.input}, w),
                                  HostTensor::From<float>({c.dirs, hs, hs}, r),
                                  HostTensor::From<float>({c.dirs, 2 * hs}, bias), HostTensor(),
                                  HostTensor::From<float>({c.dirs, c.batch, hs}, h0)};
    if (!c.lens.empty()) in[4] = HostTensor::From<int32_t>({c.batch}, c.lens);
    std::vector<Attribute> attrs = {Named("direction", AttrType::kString, 0, 0, c.direction),
                                    Named("hidden_size", AttrType::kInt, hs, 0, "")};
    if (c.clip > 0) attrs.push_back(Named("clip", AttrType::kFloat, 0, c.clip, ""));
    if (c.relu) attrs.push_back(StringsAttr("activations", std::vector<std::string>(c.dirs, "Relu")));
    auto out = RunWithAttrs("RNN", 14, attrs, in, 2);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> y, yh;
    Naive(c, x, w, r, bias, h0, &y, &yh);
    SCOPED_TRACE(StrCat("trial ", trial, " ", c.direction));
    ExpectClose(out.value()[0].values<float>(), y);
    ExpectClose(out.value()[1].values<float>(), yh);
  }
}

// Layout 1 holds the same numbers batch-major.
TEST(RNN, BatchwiseLayoutIsTransposed) {
  std::mt19937 rng(92);
  const int64_t seq = 3, batch = 2, in = 2, hs = 3;
  std::vector<float> x = Random<float>(seq * batch * in, rng), w = Random<float>(hs * in, rng);
  std::vector<float> r = Random<float>(hs * hs, rng), xt(x.size());
  for (int64_t t = 0; t < seq; ++t)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t k = 0; k < in; ++k) xt[(b * seq + t) * in + k] = x[(t * batch + b) * in + k];
  const HostTensor wt = HostTensor::From<float>({1, hs, in}, w), rt = HostTensor::From<float>({1, hs, hs}, r);
  auto l0 = KernelRunner(Library(), "RNN", 22).Outputs(2).Run({HostTensor::From<float>({seq, batch, in}, x), wt, rt});
  auto l1 = KernelRunner(Library(), "RNN", 22).Attr("layout", int64_t{1}).Outputs(2)
                .Run({HostTensor::From<float>({batch, seq, in}, xt), wt, rt});
  ASSERT_TRUE(l0.ok() && l1.ok()) << l0.status().ToString() << l1.status().ToString();
  EXPECT_EQ(l1.value()[0].dims(), (Dims{batch, seq, 1, hs}));
  EXPECT_EQ(l1.value()[1].dims(), (Dims{batch, 1, hs}));
  std::vector<float> y0 = l0.value()[0].values<float>(), y1 = l1.value()[0].values<float>();
  for (int64_t t = 0; t < seq; ++t)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t j = 0; j < hs; ++j) EXPECT_EQ(y1[(b * seq + t) * hs + j], y0[(t * batch + b) * hs + j]);
}

TEST(RNN, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2}, {1, 2});
  const HostTensor w = HostTensor::From<float>({1, 3, 2}, std::vector<float>(6));
  const HostTensor r = HostTensor::From<float>({1, 3, 3}, std::vector<float>(9));
  ExpectError(KernelRunner(Library(), "RNN", 14).Attr("hidden_size", int64_t{4}).Run({x, w, r}),
              StatusCode::kInvalidModel, "'hidden_size' (expected 3");
  ExpectError(KernelRunner(Library(), "RNN", 14).Attr("direction", std::string("bidirectional")).Run({x, w, r}),
              StatusCode::kInvalidArgument, "(expected [2,3,2], got [1,3,2])");
  ExpectError(RunWithAttrs("RNN", 14, {StringsAttr("activations", {"Gelu"})}, {x, w, r}, 1),
              StatusCode::kInvalidModel, "got 'gelu'");
  ExpectError(RunWithAttrs("RNN", 14, {StringsAttr("activations", {"Tanh", "Tanh"})}, {x, w, r}, 1),
              StatusCode::kInvalidModel, "'activations' length (expected 1");
  ExpectError(KernelRunner(Library(), "RNN", 7).Attr("layout", int64_t{1}).Run({x, w, r}),
              StatusCode::kInvalidModel, "'layout' is not defined before opset 14");
  ExpectError(KernelRunner(Library(), "RNN", 14)
                  .Run({x, w, r, HostTensor(), HostTensor::From<int32_t>({1}, {2})}),
              StatusCode::kInvalidArgument, "'sequence_lens' entry 0 (expected 0 to 1, got 2)");
}

}  // namespace
}  // namespace onyx::kernels::ref
