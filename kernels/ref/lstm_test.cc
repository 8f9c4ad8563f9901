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

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

struct Case {
  int64_t seq = 3, batch = 2, input = 2, hidden = 3, dirs = 1;
  std::string direction = "forward";
  bool input_forget = false, peepholes = false, hard_sigmoid = false;
  std::vector<int32_t> lens;
};

// Layout-0 LSTM from the spec's equations (gates i, o, f, c; P: i, o, f).
void Naive(const Case& c, const std::vector<float>& x, const std::vector<float>& w,
           const std::vector<float>& r, const std::vector<float>& bias, const std::vector<float>& p,
           const std::vector<float>& h0, const std::vector<float>& c0, std::vector<double>* y,
           std::vector<double>* yh, std::vector<double>* yc) {
  const int64_t hs = c.hidden;
  auto f = [&](double v) { return c.hard_sigmoid ? std::fmax(0.0, std::fmin(1.0, 0.3 * v + 0.4)) : Sigmoid(v); };
  y->assign(c.seq * c.dirs * c.batch * hs, 0);
  yh->assign(c.dirs * c.batch * hs, 0);
  yc->assign(c.dirs * c.batch * hs, 0);
  for (int64_t d = 0; d < c.dirs; ++d)
    for (int64_t b = 0; b < c.batch; ++b) {
      const int64_t len = c.lens.empty() ? c.seq : c.lens[b], at = (d * c.batch + b) * hs;
      std::vector<double> h(h0.begin() + at, h0.begin() + at + hs), cs(c0.begin() + at, c0.begin() + at + hs);
      for (int64_t s = 0; s < len; ++s) {
        const int64_t t = (c.direction == "reverse" || d == 1) ? len - 1 - s : s;
        auto pre = [&](int g, int64_t j) {
          double v = bias[d * 8 * hs + g * hs + j] + bias[d * 8 * hs + (4 + g) * hs + j];
          for (int64_t k = 0; k < c.input; ++k)
            v += x[(t * c.batch + b) * c.input + k] * w[((d * 4 + g) * hs + j) * c.input + k];
          for (int64_t k = 0; k < hs; ++k) v += h[k] * r[((d * 4 + g) * hs + j) * hs + k];
          return v;
        };
        auto peep = [&](int g, int64_t j) { return c.peepholes ? p[(d * 3 + g) * hs + j] : 0.0; };
        std::vector<double> nh(hs), nc(hs);
        for (int64_t j = 0; j < hs; ++j) {
          const double i = f(pre(0, j) + peep(0, j) * cs[j]);
          const double fg = c.input_forget ? 1 - i : f(pre(2, j) + peep(2, j) * cs[j]);
          nc[j] = fg * cs[j] + i * std::tanh(pre(3, j));
          nh[j] = f(pre(1, j) + peep(1, j) * nc[j]) * std::tanh(nc[j]);
        }
        h = nh;
        cs = nc;
        for (int64_t j = 0; j < hs; ++j) (*y)[((t * c.dirs + d) * c.batch + b) * hs + j] = h[j];
      }
      for (int64_t j = 0; j < hs; ++j) {
        (*yh)[at + j] = h[j];
        (*yc)[at + j] = cs[j];
      }
    }
}

TEST(LSTM, RandomMatchesNaive) {
  std::mt19937 rng(111);
  const char* dirs[] = {"forward", "reverse", "bidirectional"};
  for (int trial = 0; trial < 36; ++trial) {
    Case c;
    c.direction = dirs[trial % 3];
    c.dirs = c.direction == "bidirectional" ? 2 : 1;
    c.seq = 1 + trial % 4;
    c.input_forget = trial % 4 == 1;
    c.peepholes = trial % 2 == 0;
    c.hard_sigmoid = trial % 5 == 2;
    if (trial % 3 == 1) c.lens = {static_cast<int32_t>(c.seq), static_cast<int32_t>(c.seq / 2)};
    const int64_t hs = c.hidden, dn = c.dirs;
    std::vector<float> x = Random<float>(c.seq * c.batch * c.input, rng);
    std::vector<float> w = Random<float>(dn * 4 * hs * c.input, rng), r = Random<float>(dn * 4 * hs * hs, rng);
    std::vector<float> bias = Random<float>(dn * 8 * hs, rng), p = Random<float>(dn * 3 * hs, rng);
    std::vector<float> h0 = Random<float>(dn * c.batch * hs, rng), c0 = Random<float>(dn * c.batch * hs, rng);
    std::vector<HostTensor> in = {HostTensor::From<float>({c.seq, c.batch, c.input}, x),
                                  HostTensor::From<float>({dn, 4 * hs, c.input}, w),
                                  HostTensor::From<float>({dn, 4 * hs, hs}, r),
                                  HostTensor::From<float>({dn, 8 * hs}, bias), HostTensor(),
                                  HostTensor::From<float>({dn, c.batch, hs}, h0),
                                  HostTensor::From<float>({dn, c.batch, hs}, c0), HostTensor()};
    if (!c.lens.empty()) in[4] = HostTensor::From<int32_t>({c.batch}, c.lens);
    if (c.peepholes) in[7] = HostTensor::From<float>({dn, 3 * hs}, p);
    std::vector<Attribute> attrs = {Named("direction", AttrType::kString, 0, 0, c.direction),
                                    Named("input_forget", AttrType::kInt, c.input_forget, 0, "")};
    if (c.hard_sigmoid) {
      std::vector<std::string> acts;
      for (int64_t d = 0; d < dn; ++d) acts.insert(acts.end(), {"HardSigmoid", "Tanh", "Tanh"});
      attrs.push_back(StringsAttr("activations", acts));
      Attribute alpha;
      alpha.name = "activation_alpha";
      alpha.type = AttrType::kFloats;
      alpha.floats = {0.3f, 0.3f};
      Attribute beta = alpha;
      beta.name = "activation_beta";
      beta.floats = {0.4f, 0.4f};
      attrs.push_back(alpha);
      attrs.push_back(beta);
    }
    auto out = RunWithAttrs("LSTM", 14, attrs, in, 3);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> y, yh, yc;
    Naive(c, x, w, r, bias, p, h0, c0, &y, &yh, &yc);
    SCOPED_TRACE(StrCat("trial ", trial, " ", c.direction));
    ExpectClose(out.value()[0].values<float>(), y);
    ExpectClose(out.value()[1].values<float>(), yh);
    ExpectClose(out.value()[2].values<float>(), yc);
  }
}

TEST(LSTM, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2}, {1, 2});
  const HostTensor w = HostTensor::From<float>({1, 8, 2}, std::vector<float>(16));
  const HostTensor r = HostTensor::From<float>({1, 8, 2}, std::vector<float>(16));
  ExpectError(KernelRunner(Library(), "LSTM", 14)
                  .Run({x, w, r, HostTensor(), HostTensor(), HostTensor(), HostTensor(),
                        HostTensor::From<float>({1, 4}, std::vector<float>(4))}),
              StatusCode::kInvalidArgument, "(expected [1,6], got [1,4])");
  ExpectError(KernelRunner(Library(), "LSTM", 14)
                  .Run({x, w, r, HostTensor(), HostTensor(), HostTensor(),
                        HostTensor::From<float>({1, 2, 2}, std::vector<float>(4))}),
              StatusCode::kInvalidArgument, "(expected [1,1,2], got [1,2,2])");
  ExpectError(RunWithAttrs("LSTM", 14, {StringsAttr("activations", {"Sigmoid", "Tanh"})}, {x, w, r}, 1),
              StatusCode::kInvalidModel, "'activations' length (expected 3");
  ExpectError(KernelRunner(Library(), "LSTM", 14).Attr("input_forget", int64_t{2}).Run({x, w, r}),
              StatusCode::kInvalidModel, "'input_forget' (expected 0 or 1, got 2)");
}

}  // namespace
}  // namespace onyx::kernels::ref
