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

const HostTensor kData = HostTensor::From<float>({1, 5}, {1, 2, 3, 4, 5});

TEST(ScatterElements, ExamplesFromTheOnnxDocs) {
  auto axis0 = KernelRunner(Library(), "ScatterElements", 11)
                   .Run({HostTensor::From<float>({3, 3}, std::vector<float>(9, 0)),
                         HostTensor::From<int64_t>({2, 3}, {1, 0, 2, 0, 2, 1}),
                         HostTensor::From<float>({2, 3}, {1.0f, 1.1f, 1.2f, 2.0f, 2.1f, 2.2f})});
  ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
  EXPECT_EQ(axis0.value()[0].values<float>(),
            (std::vector<float>{2.0f, 1.1f, 0.0f, 1.0f, 0.0f, 2.2f, 0.0f, 2.1f, 1.2f}));
  auto axis1 = KernelRunner(Library(), "ScatterElements", 13)
                   .Attr("axis", int64_t{1})
                   .Run({kData, HostTensor::From<int32_t>({1, 2}, {1, -2}),
                         HostTensor::From<float>({1, 2}, {1.1f, 2.1f})});
  ASSERT_TRUE(axis1.ok()) << axis1.status().ToString();
  EXPECT_EQ(axis1.value()[0].values<float>(), (std::vector<float>{1, 1.1f, 3, 2.1f, 5}));
}

TEST(ScatterElements, Reductions) {
  const HostTensor indices = HostTensor::From<int64_t>({1, 2}, {1, 1});
  const HostTensor updates = HostTensor::From<float>({1, 2}, {1.1f, 2.1f});
  auto run = [&](const std::string& reduction) {
    return KernelRunner(Library(), "ScatterElements", 18)
        .Attr("axis", int64_t{1})
        .Attr("reduction", reduction)
        .Run({kData, indices, updates});
  };
  const std::vector<std::pair<std::string, float>> cases = {
      {"add", 2 + 1.1f + 2.1f}, {"mul", 2 * 1.1f * 2.1f}, {"max", 2.1f}, {"min", 1.1f}};
  for (const auto& [reduction, value] : cases) {
    auto out = run(reduction);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, value, 3, 4, 5})) << reduction;
  }
  auto flags =
      KernelRunner(Library(), "ScatterElements", 18)
          .Attr("reduction", std::string("add"))
          .Run({testing::BoolTensor({2}, {false, true}), HostTensor::From<int64_t>({2}, {0, 0}),
                testing::BoolTensor({2}, {true, true})});
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_TRUE(static_cast<const bool*>(flags.value()[0].data())[0]);
}

TEST(ScatterElements, DeprecatedScatterAndHalfTypes) {
  auto out = KernelRunner(Library(), "Scatter", 10)
                 .Attr("axis", int64_t{1})
                 .Run({kData, HostTensor::From<int64_t>({1, 1}, {4}),
                       HostTensor::From<float>({1, 1}, {9})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, 2, 3, 4, 9}));
  auto half = KernelRunner(Library(), "ScatterElements", 18)
                  .Attr("reduction", std::string("add"))
                  .Run({HostTensor::From<Float16>({2}, {Float16(1.5f), Float16(2.0f)}),
                        HostTensor::From<int64_t>({1}, {1}),
                        HostTensor::From<Float16>({1}, {Float16(0.25f)})});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(static_cast<float>(half.value()[0].values<Float16>()[1]), 2.25f);
}

TEST(ScatterElements, RandomMatchesNaiveReference) {
  std::mt19937 rng(37);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 150; ++trial) {
    const int rank = pick(1, 3);
    const int axis = pick(0, rank - 1);
    Dims dims(rank), idims(rank);
    for (int d = 0; d < rank; ++d) {
      dims[d] = pick(1, 4);
      idims[d] = d == axis ? pick(0, 5) : pick(0, static_cast<int>(dims[d]));
    }
    std::vector<int64_t> indices(NumElements(idims));
    for (int64_t& i : indices) i = pick(-static_cast<int>(dims[axis]), dims[axis] - 1);
    std::vector<double> data(NumElements(dims)), updates(indices.size());
    for (double& v : data) v = pick(-9, 9);
    for (double& v : updates) v = pick(-9, 9);
    auto out =
        KernelRunner(Library(), "ScatterElements", 18)
            .Attr("axis", int64_t{axis})
            .Attr("reduction", std::string("add"))
            .Run({HostTensor::From<double>(dims, data), HostTensor::From<int64_t>(idims, indices),
                  HostTensor::From<double>(idims, updates)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> expected = data;
    std::vector<int64_t> idx(rank, 0);
    int64_t k = 0;
    if (!indices.empty()) {
      do {
        int64_t flat = 0;
        for (int d = 0; d < rank; ++d) {
          int64_t c = idx[d];
          if (d == axis) c = indices[k] < 0 ? indices[k] + dims[d] : indices[k];
          flat = flat * dims[d] + c;
        }
        expected[flat] += updates[k++];
      } while (testing::Next(idx, idims));
    }
    EXPECT_EQ(out.value()[0].values<double>(), expected) << "trial " << trial;
  }
}

TEST(ScatterElements, RejectsBadInputs) {
  const HostTensor one = HostTensor::From<float>({1, 1}, {0});
  ExpectError(KernelRunner(Library(), "ScatterElements", 13)
                  .Attr("axis", int64_t{1})
                  .Run({kData, HostTensor::From<int64_t>({1, 1}, {5}), one}),
              StatusCode::kInvalidArgument,
              "indices[0] is out of range for axis 1 of extent 5 (expected [-5, 4], got 5)");
  ExpectError(KernelRunner(Library(), "ScatterElements", 13)
                  .Run({kData, HostTensor::From<int64_t>({1, 2}, {0, 0}), one}),
              StatusCode::kInvalidArgument,
              "updates input 'input2' shape differs from indices input 'input1' (expected [1,2], "
              "got [1,1])");
  ExpectError(KernelRunner(Library(), "ScatterElements", 16)
                  .Attr("reduction", std::string("max"))
                  .Run({kData, HostTensor::From<int64_t>({1, 1}, {0}), one}),
              StatusCode::kInvalidModel,
              "attribute 'reduction' is not supported (expected none, add or mul, got 'max')");
  ExpectError(KernelRunner(Library(), "ScatterElements", 13)
                  .Attr("reduction", std::string("add"))
                  .Run({kData, HostTensor::From<int64_t>({1, 1}, {0}), one}),
              StatusCode::kInvalidModel, "attribute 'reduction' is not defined before opset 16");
  ExpectError(KernelRunner(Library(), "ScatterElements", 13)
                  .Run({kData, HostTensor::From<int64_t>({1, 1}, {0}),
                        HostTensor::From<double>({1, 1}, {0})}),
              StatusCode::kInvalidArgument, "input 'input2' dtype (expected float");
}

}  // namespace
}  // namespace onyx::kernels::ref
