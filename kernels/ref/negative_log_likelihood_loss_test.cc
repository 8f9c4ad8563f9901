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

struct NllCase {
  Dims x;  // [N, C, d1..dk]
  std::string reduction;
  bool weighted = false;
  bool ignore = false;
  int64_t ignore_index = 0;
};

// The loss straight from the definition, walking every (n, d1..dk) index of
// the target in row-major order.
std::vector<double> NaiveNll(const NllCase& c, const std::vector<double>& x,
                             const std::vector<int64_t>& target, const std::vector<double>& w) {
  const int64_t n = c.x[0], classes = c.x[1];
  const int64_t inner = NumElements(Dims(c.x.begin() + 2, c.x.end()));
  std::vector<double> loss;
  double sum = 0, wsum = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t d = 0; d < inner; ++d) {
      const int64_t t = target[i * inner + d];
      double l = 0, weight = 0;
      if (!(c.ignore && t == c.ignore_index)) {
        weight = c.weighted ? w[t] : 1.0;
        l = -weight * x[(i * classes + t) * inner + d];
      }
      loss.push_back(l);
      sum += l;
      wsum += weight;
    }
  }
  if (c.reduction == "sum") return {sum};
  if (c.reduction == "mean") return {sum / wsum};
  return loss;
}

template <typename T, typename I>
void CheckCase(const NllCase& c, int opset, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(c.x), " ", c.reduction, " weighted ", c.weighted, " ignore ",
                      c.ignore, " ", c.ignore_index, " opset ", opset));
  const int64_t classes = c.x[1];
  Dims tdims = c.x;
  tdims.erase(tdims.begin() + 1);
  std::vector<T> x = Random<T>(NumElements(c.x), rng, -4, 0);
  std::vector<T> w = Random<T>(classes, rng, 0.5, 2);
  std::vector<I> target(NumElements(tdims));
  std::uniform_int_distribution<int64_t> cls(0, classes - 1);
  for (I& t : target) t = static_cast<I>(cls(rng));
  // One ignored element, and one that counts (no case ignores class 0).
  if (c.ignore && !target.empty()) target[0] = static_cast<I>(c.ignore_index);
  if (target.size() > 1) target[1] = 0;
  KernelRunner runner(Library(), "NegativeLogLikelihoodLoss", opset);
  if (c.reduction != "mean") runner.Attr("reduction", c.reduction);
  if (c.ignore) runner.Attr("ignore_index", c.ignore_index);
  std::vector<HostTensor> inputs = {HostTensor::From<T>(c.x, x), HostTensor::From<I>(tdims, target)};
  if (c.weighted) inputs.push_back(HostTensor::From<T>({classes}, w));
  auto out = runner.Run(inputs);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), c.reduction == "none" ? tdims : Dims{});
  std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end());
  std::vector<int64_t> td(target.begin(), target.end());
  ExpectClose(y.values<T>(), NaiveNll(c, xd, td, wd));
}

TEST(NegativeLogLikelihoodLoss, RandomEveryRankReductionAndOption) {
  std::mt19937 rng(12);
  for (const Dims& d : {Dims{3, 4}, Dims{2, 3, 5}, Dims{2, 4, 3, 2}, Dims{1, 3, 2, 2, 2, 2, 2}}) {
    for (const char* reduction : {"none", "sum", "mean"}) {
      for (bool weighted : {false, true}) {
        for (int64_t ignore : {int64_t{-100}, int64_t{1}, int64_t{-1}}) {
          for (bool use_ignore : {false, true}) {
            const NllCase c{d, reduction, weighted, use_ignore, ignore};
            CheckCase<float, int64_t>(c, 22, rng);
            CheckCase<double, int32_t>(c, 13, rng);
          }
        }
      }
    }
  }
}

// PyTorch's documented example: mean over weighted picks.
TEST(NegativeLogLikelihoodLoss, HandGolden) {
  const HostTensor x = HostTensor::From<float>({2, 3}, {-1, -2, -3, -0.5f, -1.5f, -2.5f});
  const HostTensor t = HostTensor::From<int64_t>({2}, {2, 0});
  const HostTensor w = HostTensor::From<float>({3}, {1, 2, 4});
  auto mean = KernelRunner(Library(), "NegativeLogLikelihoodLoss", 13).Run({x, t, w});
  ASSERT_TRUE(mean.ok()) << mean.status().ToString();
  ExpectClose(mean.value()[0].values<float>(), {(4 * 3 + 1 * 0.5) / 5.0});
  auto none = KernelRunner(Library(), "NegativeLogLikelihoodLoss", 13)
                  .Attr("reduction", std::string("none"))
                  .Run({x, t});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  ExpectClose(none.value()[0].values<float>(), {3, 0.5});
}

TEST(NegativeLogLikelihoodLoss, HalfTypes) {
  const HostTensor t = HostTensor::From<int32_t>({2}, {1, 0});
  auto f16 = KernelRunner(Library(), "NegativeLogLikelihoodLoss", 12)
                 .Attr("reduction", std::string("sum"))
                 .Run({HostTensor::From<Float16>({2, 2}, {-1, -2, -3, -4}), t});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  EXPECT_EQ(static_cast<float>(f16.value()[0].values<Float16>()[0]), 5.0f);
  auto bf16 = KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22)
                  .Run({HostTensor::From<BFloat16>({2, 2}, {-1, -2, -3, -4}), t});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_EQ(static_cast<float>(bf16.value()[0].values<BFloat16>()[0]), 2.5f);
  // bfloat16 arrived in opset 22.
  auto old = KernelRunner(Library(), "NegativeLogLikelihoodLoss", 13)
                 .Run({HostTensor::From<BFloat16>({2, 2}, {-1, -2, -3, -4}), t});
  EXPECT_FALSE(old.ok());
}

TEST(NegativeLogLikelihoodLoss, AllIgnoredMeanIsNan) {
  auto out = KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22)
                 .Attr("ignore_index", int64_t{0})
                 .Run({HostTensor::From<float>({2, 2}, {-1, -2, -3, -4}),
                       HostTensor::From<int64_t>({2}, {0, 0})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(std::isnan(out.value()[0].values<float>()[0]));
}

TEST(NegativeLogLikelihoodLoss, Errors) {
  const HostTensor x = HostTensor::From<float>({2, 3}, {-1, -2, -3, -1, -2, -3});
  const HostTensor t = HostTensor::From<int64_t>({2}, {0, 1});
  auto run = [](KernelRunner r, const std::vector<HostTensor>& in) { return r.Run(in); };
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22)
                      .Attr("reduction", std::string("avg")),
                  {x, t}),
              StatusCode::kInvalidModel, "attribute 'reduction' (expected 'none', 'sum' or 'mean', got 'avg')");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22),
                  {x, HostTensor::From<int64_t>({3}, {0, 1, 2})}),
              StatusCode::kInvalidArgument, "shape (expected [2] for input 'input0' [2,3], got [3])");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22),
                  {x, HostTensor::From<float>({2}, {0, 1})}),
              StatusCode::kInvalidArgument, "dtype (expected int32 or int64, got float)");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22),
                  {x, t, HostTensor::From<float>({2}, {1, 1})}),
              StatusCode::kInvalidArgument, "input 'input2' shape (expected [3]");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22),
                  {x, t, HostTensor::From<double>({3}, {1, 1, 1})}),
              StatusCode::kInvalidArgument, "input 'input2' dtype (expected float");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22),
                  {HostTensor::From<float>({3}, {-1, -2, -3}), HostTensor::From<int64_t>({}, {0})}),
              StatusCode::kInvalidArgument, "rank (expected 2 or more");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22),
                  {x, HostTensor::From<int64_t>({2}, {0, 3})}),
              StatusCode::kInvalidArgument, "not a class (expected [0, 2] or ignore_index, got 3)");
  ExpectError(run(KernelRunner(Library(), "NegativeLogLikelihoodLoss", 22)
                      .Attr("ignore_index", int64_t{-1}),
                  {x, HostTensor::From<int32_t>({2}, {-1, -2})}),
              StatusCode::kInvalidArgument, "got -2)");
}

}  // namespace
}  // namespace onyx::kernels::ref
