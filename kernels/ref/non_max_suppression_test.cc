#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// IOU of two [y1, x1, y2, x2] boxes (corners in any order), in double.
double Iou(const float* a, const float* b) {
  auto span = [](float p, float q) {
    return std::pair<double, double>(std::min(p, q), std::max(p, q));
  };
  auto [ay0, ay1] = span(a[0], a[2]);
  auto [ax0, ax1] = span(a[1], a[3]);
  auto [by0, by1] = span(b[0], b[2]);
  auto [bx0, bx1] = span(b[1], b[3]);
  const double iw = std::max(0.0, std::min(ax1, bx1) - std::max(ax0, bx0));
  const double ih = std::max(0.0, std::min(ay1, by1) - std::max(ay0, by0));
  const double inter = iw * ih;
  const double uni = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter;
  return inter > 0 && uni > 0 ? inter / uni : 0.0;
}

std::vector<int64_t> Naive(const std::vector<float>& boxes, const std::vector<float>& scores,
                           int64_t nb, int64_t nc, int64_t n, int64_t max_out, float iou,
                           float score) {
  std::vector<int64_t> out;
  for (int64_t b = 0; b < nb; ++b) {
    for (int64_t c = 0; c < nc; ++c) {
      const float* s = &scores[(b * nc + c) * n];
      std::vector<int64_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](int64_t i, int64_t j) { return s[i] > s[j]; });
      std::vector<int64_t> kept;
      for (int64_t i : order) {
        if (static_cast<int64_t>(kept.size()) == max_out || !(s[i] > score)) continue;
        bool ok = true;
        for (int64_t k : kept)
          ok = ok && Iou(&boxes[(b * n + i) * 4], &boxes[(b * n + k) * 4]) <= iou;
        if (!ok) continue;
        kept.push_back(i);
        out.insert(out.end(), {b, c, i});
      }
    }
  }
  return out;
}

TEST(NonMaxSuppression, RandomMatchesNaive) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> coord(0, 10), size(0.5f, 4), unit(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t nb = 1 + trial % 2, nc = 1 + trial % 3, n = 1 + trial % 12;
    std::vector<float> boxes, scores;
    for (int64_t i = 0; i < nb * n; ++i) {
      const float y = coord(rng), x = coord(rng), h = size(rng), w = size(rng);
      // Corners in either order.
      if (i % 2)
        boxes.insert(boxes.end(), {y, x, y + h, x + w});
      else
        boxes.insert(boxes.end(), {y + h, x + w, y, x});
    }
    for (int64_t i = 0; i < nb * nc * n; ++i) scores.push_back(std::round(unit(rng) * 8) / 8);
    const int64_t max_out = trial % 5;
    const float iou = 0.1f * (trial % 7), score = trial % 3 == 0 ? 0.3f : -1.0f;
    auto out =
        KernelRunner(Library(), "NonMaxSuppression", trial % 2 ? 10 : 11)
            .Run({HostTensor::From<float>({nb, n, 4}, boxes),
                  HostTensor::From<float>({nb, nc, n}, scores),
                  HostTensor::From<int64_t>({1}, {max_out}), HostTensor::From<float>({}, {iou}),
                  HostTensor::From<float>({1}, {score})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const std::vector<int64_t> want = Naive(boxes, scores, nb, nc, n, max_out, iou, score);
    EXPECT_EQ(out.value()[0].dims(), (Dims{static_cast<int64_t>(want.size() / 3), 3}));
    EXPECT_EQ(out.value()[0].values<int64_t>(), want) << "trial " << trial;
  }
}

// test_nonmaxsuppression_suppress_by_IOU and _center_point_box_format.
TEST(NonMaxSuppression, OnnxDocGoldens) {
  const std::vector<float> scores = {0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f};
  const HostTensor max_out = HostTensor::From<int64_t>({1}, {3});
  const HostTensor iou = HostTensor::From<float>({1}, {0.5f});
  const HostTensor score = HostTensor::From<float>({1}, {0.0f});
  auto corners = KernelRunner(Library(), "NonMaxSuppression", 11)
                     .Run({HostTensor::From<float>(
                               {1, 6, 4}, {0, 0,  1, 1,  0, 0.1f,  1, 1.1f,  0, -0.1f, 1, 0.9f,
                                           0, 10, 1, 11, 0, 10.1f, 1, 11.1f, 0, 100,   1, 101}),
                           HostTensor::From<float>({1, 1, 6}, scores), max_out, iou, score});
  ASSERT_TRUE(corners.ok()) << corners.status().ToString();
  EXPECT_EQ(corners.value()[0].values<int64_t>(),
            (std::vector<int64_t>{0, 0, 3, 0, 0, 0, 0, 0, 5}));
  auto center =
      KernelRunner(Library(), "NonMaxSuppression", 11)
          .Attr("center_point_box", int64_t{1})
          .Run({HostTensor::From<float>({1, 6, 4},
                                        {0.5f, 0.5f,  1, 1, 0.5f, 0.6f,  1, 1, 0.5f, 0.4f,   1, 1,
                                         0.5f, 10.5f, 1, 1, 0.5f, 10.6f, 1, 1, 0.5f, 100.5f, 1, 1}),
                HostTensor::From<float>({1, 1, 6}, scores), max_out, iou, score});
  ASSERT_TRUE(center.ok()) << center.status().ToString();
  EXPECT_EQ(center.value()[0].values<int64_t>(), (std::vector<int64_t>{0, 0, 3, 0, 0, 0, 0, 0, 5}));
  // Without max_output_boxes_per_class nothing is selected.
  auto none = KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Run({HostTensor::From<float>({1, 1, 4}, {0, 0, 1, 1}),
                        HostTensor::From<float>({1, 1, 1}, {1})});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none.value()[0].dims(), (Dims{0, 3}));
}

TEST(NonMaxSuppression, Errors) {
  const HostTensor boxes = HostTensor::From<float>({1, 2, 4}, std::vector<float>(8));
  const HostTensor scores = HostTensor::From<float>({1, 1, 2}, {1, 2});
  ExpectError(KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Run({boxes, HostTensor::From<float>({1, 1, 3}, {1, 2, 3})}),
              StatusCode::kInvalidArgument, "shape (expected [1, num_classes, 2]");
  ExpectError(KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Run({HostTensor::From<float>({1, 2, 3}, std::vector<float>(6)), scores}),
              StatusCode::kInvalidArgument, "shape (expected [num_batches, num_boxes, 4]");
  ExpectError(KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Run({boxes, scores, HostTensor::From<int64_t>({2}, {1, 2})}),
              StatusCode::kInvalidArgument,
              "max_output_boxes_per_class input 'input2' (expected a scalar");
  ExpectError(KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Run({boxes, scores, HostTensor::From<int64_t>({}, {1}),
                        HostTensor::From<float>({}, {1.5f})}),
              StatusCode::kInvalidArgument, "iou_threshold) value (expected in [0, 1], got 1.5)");
  ExpectError(KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Attr("center_point_box", int64_t{2})
                  .Run({boxes, scores}),
              StatusCode::kInvalidModel, "attribute 'center_point_box' (expected 0 or 1, got 2)");
  ExpectError(KernelRunner(Library(), "NonMaxSuppression", 11)
                  .Run({boxes, HostTensor::From<double>({1, 1, 2}, {1, 2})}),
              StatusCode::kUnsupported, "'input1' dtype (expected one of float");
}

}  // namespace
}  // namespace onyx::kernels::ref
