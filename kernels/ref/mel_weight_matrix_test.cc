#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;

struct MelCase {
  int64_t mel_bins = 8, dft_length = 16, sample_rate = 8192;
  float lower = 0, upper = 4096;
};

// Triangles from the definition: mel(f) = 2595 log10(1 + f / 700), edges at
// equal mel steps of (mel(upper) - mel(lower)) / (mel_bins + 2), each edge on
// spectrogram bin floor((dft_length + 1) f / sample_rate); band i rises
// linearly to 1 between edges i and i + 1 and falls to 0 at edge i + 2.
std::vector<double> NaiveMel(const MelCase& c) {
  auto mel = [](long double f) { return 2595 * std::log10(1 + f / 700); };
  const long double lo = mel(c.lower), step = (mel(c.upper) - lo) / (c.mel_bins + 2);
  std::vector<int64_t> edge;
  for (int64_t i = 0; i < c.mel_bins + 2; ++i) {
    const long double hz = 700 * (std::pow(10.0L, (lo + i * step) / 2595) - 1);
    edge.push_back(static_cast<int64_t>(std::floor((c.dft_length + 1) * hz / c.sample_rate)));
  }
  const int64_t rows = c.dft_length / 2 + 1;
  std::vector<double> w(rows * c.mel_bins, 0.0);
  for (int64_t i = 0; i < c.mel_bins; ++i) {
    const int64_t l = edge[i], m = edge[i + 1], h = edge[i + 2];
    for (int64_t j = 0; j < rows; ++j) {
      double v = 0;
      if (j == m) v = 1;
      if (l < m && j >= l && j < m) v = static_cast<double>(j - l) / (m - l);
      if (m < h && j > m && j < h) v = static_cast<double>(h - j) / (h - m);
      w[j * c.mel_bins + i] = v;
    }
  }
  return w;
}

Result<std::vector<HostTensor>> RunMel(const MelCase& c, int64_t dtype = 1) {
  return KernelRunner(Library(), "MelWeightMatrix", 17)
      .Attr("output_datatype", dtype)
      .Constant(0)
      .Constant(1)
      .Run({HostTensor::From<int64_t>({}, {c.mel_bins}), HostTensor::From<int64_t>({}, {c.dft_length}),
            HostTensor::From<int64_t>({}, {c.sample_rate}), HostTensor::From<float>({}, {c.lower}),
            HostTensor::From<float>({}, {c.upper})});
}

// The matrix printed in ONNX's own test case.
TEST(MelWeightMatrix, OnnxDocGolden) {
  auto out = RunMel(MelCase{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{9, 8}));
  std::vector<double> want(72, 0.0);
  for (auto [row, col] : std::vector<std::pair<int, int>>{
           {0, 0}, {0, 1}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}, {5, 7}}) {
    want[row * 8 + col] = 1;
  }
  ExpectClose(out.value()[0].values<float>(), want);
}

TEST(MelWeightMatrix, WideBandsAgainstTheDefinition) {
  for (const MelCase& c : {MelCase{4, 64, 16000, 0, 8000}, MelCase{10, 512, 16000, 20, 7600},
                           MelCase{3, 100, 8000, 300, 3000}, MelCase{1, 2, 100, 0, 50}}) {
    SCOPED_TRACE(StrCat(c.mel_bins, " bins, dft ", c.dft_length, ", ", c.sample_rate, " Hz, [",
                        c.lower, ", ", c.upper, "]"));
    auto out = RunMel(c, 11);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{c.dft_length / 2 + 1, c.mel_bins}));
    ExpectClose(out.value()[0].values<double>(), NaiveMel(c));
  }
}

TEST(MelWeightMatrix, OutputTypes) {
  auto half = RunMel(MelCase{}, 10);
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(static_cast<float>(half.value()[0].values<Float16>()[0]), 1.0f);
  auto ints = RunMel(MelCase{}, 6);
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  EXPECT_EQ(ints.value()[0].values<int32_t>()[1], 1);
}

TEST(MelWeightMatrix, Errors) {
  MelCase too_high;
  too_high.upper = 8192;  // Above the Nyquist frequency.
  ExpectError(RunMel(too_high), StatusCode::kInvalidArgument, "falls outside the spectrogram (expected bin [0, ");
  MelCase negative;
  negative.lower = -500;
  ExpectError(RunMel(negative), StatusCode::kInvalidArgument, "falls outside the spectrogram");
  MelCase zero_rate;
  zero_rate.sample_rate = 0;
  ExpectError(RunMel(zero_rate), StatusCode::kInvalidArgument, "sample_rate (expected more than 0, got 0)");
  ExpectError(RunMel(MelCase{}, 9), StatusCode::kInvalidModel, "attribute 'output_datatype'");
  MelCase no_bins;
  no_bins.mel_bins = -1;
  ExpectError(RunMel(no_bins), StatusCode::kInvalidArgument, "num_mel_bins input 'input0' (expected 0 or more, got -1)");
  const std::vector<HostTensor> in = {
      HostTensor::From<int64_t>({}, {8}), HostTensor::From<int64_t>({}, {16}),
      HostTensor::From<int64_t>({}, {8192}), HostTensor::From<float>({}, {0}),
      HostTensor::From<float>({}, {4096})};
  ExpectError(KernelRunner(Library(), "MelWeightMatrix", 17).Run(in), StatusCode::kFailedPrecondition,
              "num_mel_bins input 'input0' must be known");
  std::vector<HostTensor> mixed = in;
  mixed[2] = HostTensor::From<int32_t>({}, {8192});
  ExpectError(KernelRunner(Library(), "MelWeightMatrix", 17).Constant(0).Constant(1).Run(mixed),
              StatusCode::kInvalidArgument, "input 'input2' dtype (expected int64 like input 'input0', got int32)");
  std::vector<HostTensor> vec = in;
  vec[4] = HostTensor::From<float>({2}, {1, 2});
  ExpectError(KernelRunner(Library(), "MelWeightMatrix", 17).Constant(0).Constant(1).Run(vec),
              StatusCode::kInvalidArgument, "input 'input4' shape (expected a scalar, got [2])");
}

}  // namespace
}  // namespace onyx::kernels::ref
