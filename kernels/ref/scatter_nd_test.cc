#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

TEST(ScatterND, ExamplesFromTheOnnxDocs) {
  auto elements = KernelRunner(Library(), "ScatterND", 11)
                      .Run({HostTensor::From<int32_t>({8}, {1, 2, 3, 4, 5, 6, 7, 8}),
                            HostTensor::From<int64_t>({4, 1}, {4, 3, 1, 7}),
                            HostTensor::From<int32_t>({4}, {9, 10, 11, 12})});
  ASSERT_TRUE(elements.ok()) << elements.status().ToString();
  EXPECT_EQ(elements.value()[0].values<int32_t>(),
            (std::vector<int32_t>{1, 11, 3, 10, 9, 6, 7, 12}));
  auto slices = KernelRunner(Library(), "ScatterND", 13)
                    .Run({IotaTensor({3, 2}), HostTensor::From<int64_t>({1, 1}, {-1}),
                          HostTensor::From<float>({1, 2}, {7, 8})});
  ASSERT_TRUE(slices.ok()) << slices.status().ToString();
  EXPECT_EQ(slices.value()[0].values<float>(), (std::vector<float>{0, 1, 2, 3, 7, 8}));
}

TEST(ScatterND, Reductions) {
  const HostTensor data = HostTensor::From<int64_t>({3}, {5, 5, 5});
  const HostTensor indices = HostTensor::From<int64_t>({2, 1}, {1, 1});
  const HostTensor updates = HostTensor::From<int64_t>({2}, {2, 7});
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"add", 14}, {"mul", 70}, {"max", 7}, {"min", 2}, {"none", 7}};
  for (const auto& [reduction, value] : cases) {
    auto out = KernelRunner(Library(), "ScatterND", 18)
                   .Attr("reduction", reduction)
                   .Run({data, indices, updates});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{5, value, 5})) << reduction;
  }
}

TEST(ScatterND, RandomMatchesNaiveReference) {
  std::mt19937 rng(41);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 150; ++trial) {
    const int r = pick(1, 3);
    Dims dims(r);
    for (int64_t& d : dims) d = pick(1, 3);
    const int k = pick(0, r);
    Dims idims;
    for (int extra = pick(0, 2); extra > 0; --extra) idims.push_back(pick(0, 3));
    idims.push_back(k);
    int64_t n_tuples = 1;
    for (size_t d = 0; d + 1 < idims.size(); ++d) n_tuples *= idims[d];
    std::vector<int64_t> indices(NumElements(idims));
    for (size_t i = 0; i < indices.size(); ++i) {
      const int64_t extent = dims[i % k];
      indices[i] = pick(-static_cast<int>(extent), extent - 1);
    }
    int64_t slice = 1;
    for (int d = k; d < r; ++d) slice *= dims[d];
    Dims udims(idims.begin(), idims.end() - 1);
    udims.insert(udims.end(), dims.begin() + k, dims.end());
    std::vector<double> data(NumElements(dims)), updates(NumElements(udims));
    for (double& v : data) v = pick(-9, 9);
    for (double& v : updates) v = pick(-9, 9);
    auto out =
        KernelRunner(Library(), "ScatterND", 18)
            .Attr("reduction", std::string("mul"))
            .Run({HostTensor::From<double>(dims, data), HostTensor::From<int64_t>(idims, indices),
                  HostTensor::From<double>(udims, updates)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> expected = data;
    for (int64_t t = 0; t < n_tuples; ++t) {
      int64_t base = 0;
      for (int j = 0; j < k; ++j) {
        const int64_t v = indices[t * k + j];
        base = base * dims[j] + (v < 0 ? v + dims[j] : v);
      }
      for (int64_t e = 0; e < slice; ++e) expected[base * slice + e] *= updates[t * slice + e];
    }
    EXPECT_EQ(out.value()[0].values<double>(), expected) << "trial " << trial;
  }
}

TEST(ScatterND, RejectsBadInputs) {
  const HostTensor data = IotaTensor({2, 2});
  ExpectError(KernelRunner(Library(), "ScatterND", 13)
                  .Run({data, HostTensor::From<int64_t>({1, 2}, {0, -3}),
                        HostTensor::From<float>({1}, {0})}),
              StatusCode::kInvalidArgument,
              "indices[1] is out of range for axis 1 of extent 2 (expected [-2, 1], got -3)");
  ExpectError(KernelRunner(Library(), "ScatterND", 13)
                  .Run({data, HostTensor::From<int64_t>({1, 1}, {0}),
                        HostTensor::From<float>({1, 3}, {0, 0, 0})}),
              StatusCode::kInvalidArgument,
              "updates input 'input2' has the wrong shape for indices of shape [1,1] into data of "
              "shape [2,2] (expected [1,2], got [1,3])");
  ExpectError(KernelRunner(Library(), "ScatterND", 13)
                  .Run({data, HostTensor::From<int64_t>({1, 3}, {0, 0, 0}),
                        HostTensor::From<float>({1}, {0})}),
              StatusCode::kInvalidArgument, "has tuples longer than the rank of input 'input0'");
  ExpectError(KernelRunner(Library(), "ScatterND", 18)
                  .Attr("reduction", std::string("sub"))
                  .Run({data, HostTensor::From<int64_t>({1, 2}, {0, 0}),
                        HostTensor::From<float>({1}, {0})}),
              StatusCode::kInvalidModel,
              "attribute 'reduction' is not supported (expected none, add, mul, max or min, got "
              "'sub')");
}

}  // namespace
}  // namespace onyx::kernels::ref
