#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;
using testing::Random;

struct SceCase {
  Dims x;  // [N, C, d1..dk]
  std::string reduction;
  bool weighted = false;
  bool ignore = false;
  int64_t ignore_index = 0;
};

// log(softmax) over axis 1 as the textbook writes it, in long double.
std::vector<double> NaiveLogSoftmax(const Dims& dims, const std::vector<double>& x) {
  const int64_t n = dims[0], c = dims[1], inner = NumElements(Dims(dims.begin() + 2, dims.end()));
  std::vector<double> y(x.size());
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t d = 0; d < inner; ++d) {
      long double denom = 0;
      for (int64_t k = 0; k < c; ++k) denom += std::exp(static_cast<long double>(x[(i * c + k) * inner + d]));
      for (int64_t k = 0; k < c; ++k) {
        const int64_t at = (i * c + k) * inner + d;
        y[at] = static_cast<double>(std::log(std::exp(static_cast<long double>(x[at])) / denom));
      }
    }
  }
  return y;
}

std::vector<double> NaiveLoss(const SceCase& c, const std::vector<double>& logp,
                              const std::vector<int64_t>& labels, const std::vector<double>& w) {
  const int64_t classes = c.x[1], inner = NumElements(Dims(c.x.begin() + 2, c.x.end()));
  std::vector<double> loss;
  double sum = 0, wsum = 0;
  for (size_t k = 0; k < labels.size(); ++k) {
    const int64_t i = static_cast<int64_t>(k) / inner, d = static_cast<int64_t>(k) % inner;
    const int64_t t = labels[k];
    const bool ignored = c.ignore && t == c.ignore_index;
    const double weight = ignored ? 0 : c.weighted ? w[t] : 1;
    const double l = ignored ? 0 : -weight * logp[(i * classes + t) * inner + d];
    loss.push_back(l);
    sum += l;
    wsum += weight;
  }
  if (c.reduction == "sum") return {sum};
  if (c.reduction == "mean") return {sum / wsum};
  return loss;
}

template <typename T, typename I>
void CheckCase(const SceCase& c, int opset, bool log_prob, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(c.x), " ", c.reduction, " weighted ", c.weighted, " ignore ",
                      c.ignore, " ", c.ignore_index, " log_prob ", log_prob));
  Dims ldims = c.x;
  ldims.erase(ldims.begin() + 1);
  std::vector<T> x = Random<T>(NumElements(c.x), rng, -3, 3);
  std::vector<T> w = Random<T>(c.x[1], rng, 0.5, 2);
  std::vector<I> labels(NumElements(ldims));
  std::uniform_int_distribution<int64_t> cls(0, c.x[1] - 1);
  for (I& t : labels) t = static_cast<I>(cls(rng));
  // One ignored element, and one that counts (no case ignores class 0).
  if (c.ignore && !labels.empty()) labels.back() = static_cast<I>(c.ignore_index);
  labels[0] = 0;
  KernelRunner runner(Library(), "SoftmaxCrossEntropyLoss", opset);
  runner.Outputs(log_prob ? 2 : 1);
  if (c.reduction != "mean") runner.Attr("reduction", c.reduction);
  if (c.ignore) runner.Attr("ignore_index", c.ignore_index);
  std::vector<HostTensor> inputs = {HostTensor::From<T>(c.x, x), HostTensor::From<I>(ldims, labels)};
  if (c.weighted) inputs.push_back(HostTensor::From<T>({c.x[1]}, w));
  auto out = runner.Run(inputs);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<double> logp = NaiveLogSoftmax(c.x, std::vector<double>(x.begin(), x.end()));
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), c.reduction == "none" ? ldims : Dims{});
  ExpectClose(y.values<T>(), NaiveLoss(c, logp, std::vector<int64_t>(labels.begin(), labels.end()),
                                       std::vector<double>(w.begin(), w.end())));
  if (log_prob) {
    ASSERT_EQ(out.value().size(), 2u);
    EXPECT_EQ(out.value()[1].dims(), c.x);
    ExpectClose(out.value()[1].values<T>(), logp);
  }
}

TEST(SoftmaxCrossEntropyLoss, RandomEveryRankReductionAndOption) {
  std::mt19937 rng(13);
  for (const Dims& d : {Dims{3, 4}, Dims{2, 3, 5}, Dims{2, 4, 3, 2}, Dims{1, 3, 2, 2, 2, 2, 2}}) {
    for (const char* reduction : {"none", "sum", "mean"}) {
      for (bool weighted : {false, true}) {
        for (int64_t ignore : {int64_t{-100}, int64_t{2}}) {
          for (bool use_ignore : {false, true}) {
            const SceCase c{d, reduction, weighted, use_ignore, ignore};
            CheckCase<float, int64_t>(c, 13, use_ignore, rng);
            CheckCase<double, int32_t>(c, 12, !use_ignore, rng);
          }
        }
      }
    }
  }
}

TEST(SoftmaxCrossEntropyLoss, HandGolden) {
  // Scores [0, ln 3] give probabilities [1/4, 3/4].
  const HostTensor x = HostTensor::From<float>({1, 2}, {0, std::log(3.0f)});
  auto out = KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                 .Outputs(2)
                 .Run({x, HostTensor::From<int64_t>({1}, {0})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectClose(out.value()[0].values<float>(), {std::log(4.0)});
  ExpectClose(out.value()[1].values<float>(), {std::log(0.25), std::log(0.75)});
}

// Log-softmax stays finite where softmax underflows to 0.
TEST(SoftmaxCrossEntropyLoss, ExtremeScoresStayFinite) {
  auto out = KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                 .Run({HostTensor::From<float>({1, 2}, {1000, -1000}),
                       HostTensor::From<int64_t>({1}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectClose(out.value()[0].values<float>(), {2000});
}

TEST(SoftmaxCrossEntropyLoss, HalfTypes) {
  const HostTensor t = HostTensor::From<int64_t>({1}, {0});
  auto f16 = KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 12)
                 .Run({HostTensor::From<Float16>({1, 2}, {0, 0}), t});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  EXPECT_NEAR(static_cast<float>(f16.value()[0].values<Float16>()[0]), std::log(2.0f), 1e-3);
  auto bf16 = KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                  .Run({HostTensor::From<BFloat16>({1, 2}, {0, 0}), t});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_NEAR(static_cast<float>(bf16.value()[0].values<BFloat16>()[0]), std::log(2.0f), 1e-2);
  EXPECT_FALSE(KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 12)
                   .Run({HostTensor::From<BFloat16>({1, 2}, {0, 0}), t})
                   .ok());
}

TEST(SoftmaxCrossEntropyLoss, Errors) {
  const HostTensor x = HostTensor::From<float>({2, 3}, {1, 2, 3, 1, 2, 3});
  ExpectError(KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                  .Run({x, HostTensor::From<int64_t>({2}, {0, 5})}),
              StatusCode::kInvalidArgument, "labels value at flat index 1 is not a class (expected [0, 2]");
  ExpectError(KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                  .Run({x, HostTensor::From<int64_t>({2, 1}, {0, 1})}),
              StatusCode::kInvalidArgument, "shape (expected [2] for input 'input0' [2,3], got [2,1])");
  ExpectError(KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                  .Attr("reduction", int64_t{1})
                  .Run({x, HostTensor::From<int64_t>({2}, {0, 1})}),
              StatusCode::kInvalidModel, "attribute 'reduction' type (expected string, got int)");
  ExpectError(KernelRunner(Library(), "SoftmaxCrossEntropyLoss", 13)
                  .Run({HostTensor::From<int32_t>({2, 2}, {0, 1, 2, 3}), HostTensor::From<int64_t>({2}, {0, 1})}),
              StatusCode::kNotFound, "no kernel");
}

}  // namespace
}  // namespace onyx::kernels::ref
