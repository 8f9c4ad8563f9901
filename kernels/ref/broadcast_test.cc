// Tests of internal/broadcast.h itself: the merged geometry of a plan, and
// ApplyBroadcast2 over random shapes of any rank.

#include "kernels/ref/internal/broadcast.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Broadcast, PlansMergeDimensionsThatStepAlike) {
  const Dims out = {2, 3, 4}, a = {2, 3, 4}, b = {4};
  BroadcastPlan p = MakeBroadcastPlan(out, {&a, &b});
  ASSERT_EQ(p.rank, 2);
  EXPECT_EQ(p.dims[0], 6);
  EXPECT_EQ(p.dims[1], 4);
  EXPECT_EQ(p.strides[0][0], 4);
  EXPECT_EQ(p.strides[0][1], 1);
  EXPECT_EQ(p.strides[1][0], 0);
  EXPECT_EQ(p.strides[1][1], 1);
  // Extent-1 dims vanish; a scalar output is one row of one element.
  const Dims one = {1, 1}, scalar = {};
  BroadcastPlan s = MakeBroadcastPlan(one, {&one, &scalar});
  ASSERT_EQ(s.rank, 1);
  EXPECT_EQ(s.dims[0], 1);
  EXPECT_EQ(s.count, 1);
}

// A plan and ApplyBroadcast2 over random shapes up to `max_rank`, against the
// naive offsets of kernel_test_util.h.
void CheckApplyBroadcast2(int max_rank, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 50; ++trial) {
    Dims out(std::uniform_int_distribution<int>(0, max_rank)(rng));
    for (int64_t& d : out) d = std::uniform_int_distribution<int>(1, 3)(rng);
    Dims da(out.end() - rng() % (out.size() + 1), out.end());
    Dims db(out.end() - rng() % (out.size() + 1), out.end());
    for (int64_t& d : da) d = rng() % 3 == 0 ? 1 : d;
    for (int64_t& d : db) d = rng() % 3 == 0 ? 1 : d;
    Result<Dims> merged = BroadcastDims(da, db);
    ASSERT_TRUE(merged.ok());
    out = merged.value();
    std::vector<int32_t> a(NumElements(da)), b(NumElements(db)), o(NumElements(out), -1);
    for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<int32_t>(i);
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<int32_t>(1000 * i);
    BroadcastPlan plan = MakeBroadcastPlan(out, {&da, &db});
    ApplyBroadcast2(plan, a.data(), b.data(), o.data(), [](int32_t x, int32_t y) { return x + y; });
    for (int64_t i = 0; i < NumElements(out); ++i) {
      ASSERT_EQ(o[i],
                a[testing::BroadcastOffset(da, out, i)] + b[testing::BroadcastOffset(db, out, i)])
          << DimsToString(da) << " + " << DimsToString(db) << " at " << i;
    }
  }
}

TEST(Broadcast, RandomShapes) { CheckApplyBroadcast2(5, 1); }

TEST(Broadcast, RandomShapesPastRank8) { CheckApplyBroadcast2(11, 2); }

TEST(Broadcast, EmptyOutputsWriteNothing) {
  const Dims out = {2, 0, 3}, a = {2, 1, 3}, b = {0, 1};
  BroadcastPlan p = MakeBroadcastPlan(out, {&a, &b});
  EXPECT_EQ(p.count, 0);
  int calls = 0;
  p.ForEachRow<2>([&](int64_t, const int64_t*, int64_t, const int64_t*) { ++calls; });
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace onyx::kernels::ref
