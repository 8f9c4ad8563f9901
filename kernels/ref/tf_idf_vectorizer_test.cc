#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

struct TfIdfAttrs {
  std::string mode = "TF";
  int64_t min_gram = 1, max_gram = 1, max_skip = 0;
  std::vector<int64_t> ngram_counts{0}, ngram_indexes, pool;
  std::vector<float> weights;  // Left out when empty.
};

KernelRunner Runner(const TfIdfAttrs& a) {
  KernelRunner r(Library(), "TfIdfVectorizer", 9);
  r.Attr("mode", a.mode)
      .Attr("min_gram_length", a.min_gram)
      .Attr("max_gram_length", a.max_gram)
      .Attr("max_skip_count", a.max_skip)
      .Attr("ngram_counts", a.ngram_counts)
      .Attr("ngram_indexes", a.ngram_indexes)
      .Attr("pool_int64s", a.pool);
  if (!a.weights.empty()) r.Attr("weights", a.weights);
  return r;
}

template <typename T>
std::vector<float> RunTfIdf(const TfIdfAttrs& a, const Dims& dims, const std::vector<T>& x,
                            const Dims& out_dims) {
  Result<std::vector<HostTensor>> out = Runner(a).Run({HostTensor::From<T>(dims, x)});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(out.value()[0].dims(), out_dims);
  return out.value()[0].values<float>();
}

// The n-grams of the ONNX node cases: 1-grams 2, 3, 5, 4; 2-grams (5, 6),
// (7, 8), (6, 7).
TfIdfAttrs OnnxCasePool() {
  TfIdfAttrs a;
  a.ngram_counts = {0, 4};
  a.ngram_indexes = {0, 1, 2, 3, 4, 5, 6};
  a.pool = {2, 3, 5, 4, 5, 6, 7, 8, 6, 7};
  a.max_gram = 2;
  a.max_skip = 5;
  return a;
}

// The expected outputs are those of ONNX's backend node cases
// tfidfvectorizer_tf_uniandbigrams_skip5 and its batch variant.
TEST(TfIdfVectorizer, OnnxUniAndBigramsSkip5) {
  const TfIdfAttrs a = OnnxCasePool();
  const std::vector<int64_t> x{1, 1, 3, 3, 3, 7, 8, 6, 7, 5, 6, 8};
  EXPECT_EQ(RunTfIdf<int64_t>(a, {12}, x, {7}), (std::vector<float>{0, 3, 1, 0, 1, 3, 1}));
  EXPECT_EQ(RunTfIdf<int32_t>(a, {12}, std::vector<int32_t>(x.begin(), x.end()), {7}),
            (std::vector<float>{0, 3, 1, 0, 1, 3, 1}));
  EXPECT_EQ(RunTfIdf<int32_t>(a, {2, 6}, std::vector<int32_t>(x.begin(), x.end()), {2, 7}),
            (std::vector<float>{0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1}));
}

// The example in the operator's docs: in [94, 17, 36, 12, 28] the 2-grams
// with two skipped items are (94, 12) and (17, 28); (94, 17) has none.
TEST(TfIdfVectorizer, OnnxDocSkipExample) {
  TfIdfAttrs a;
  a.min_gram = a.max_gram = 2;
  a.ngram_counts = {0, 0};
  a.pool = {94, 12, 17, 28, 94, 17, 36, 28};
  a.ngram_indexes = {0, 1, 2, 3};
  const std::vector<int64_t> x{94, 17, 36, 12, 28};
  a.max_skip = 2;
  // (36, 28) is 1 item apart.
  EXPECT_EQ(RunTfIdf<int64_t>(a, {5}, x, {4}), (std::vector<float>{1, 1, 1, 1}));
  a.max_skip = 0;
  EXPECT_EQ(RunTfIdf<int64_t>(a, {5}, x, {4}), (std::vector<float>{0, 0, 1, 0}));
}

// Weights follow the pool's order (checked against ONNX Runtime 1.23):
// counts 10 -> 2, 20 -> 1, 30 -> 3 land in columns 2, 0, 1.
TEST(TfIdfVectorizer, ModesWeighThePoolsNgrams) {
  TfIdfAttrs a;
  a.pool = {10, 20, 30};
  a.ngram_indexes = {2, 0, 1};
  a.weights = {1, 10, 100};
  const std::vector<int64_t> x{10, 10, 20, 30, 30, 30};
  a.mode = "TF";
  EXPECT_EQ(RunTfIdf<int64_t>(a, {6}, x, {3}), (std::vector<float>{1, 3, 2}));
  a.mode = "TFIDF";
  EXPECT_EQ(RunTfIdf<int64_t>(a, {6}, x, {3}), (std::vector<float>{10, 300, 2}));
  a.mode = "IDF";
  EXPECT_EQ(RunTfIdf<int64_t>(a, {3}, {10, 10, 20}, {3}), (std::vector<float>{10, 0, 1}));
  a.weights.clear();  // All 1.
  EXPECT_EQ(RunTfIdf<int64_t>(a, {3}, {10, 10, 20}, {3}), (std::vector<float>{1, 0, 1}));
  a.mode = "TFIDF";
  EXPECT_EQ(RunTfIdf<int64_t>(a, {6}, x, {3}), (std::vector<float>{1, 3, 2}));
}

// Columns: the output has max(ngram_indexes) + 1, unused ones stay 0, and
// n-grams sharing a column add up (TFIDF: 2 * 2 + 1 * 3; IDF: 2 + 3).
TEST(TfIdfVectorizer, SparseAndSharedColumns) {
  TfIdfAttrs a;
  a.pool = {10, 20, 30};
  a.ngram_indexes = {0, 4, 1};
  EXPECT_EQ(RunTfIdf<int64_t>(a, {3}, {10, 10, 20}, {5}), (std::vector<float>{2, 0, 0, 0, 1}));
  a.ngram_indexes = {0, 0, 1};
  a.weights = {2, 3, 5};
  EXPECT_EQ(RunTfIdf<int64_t>(a, {3}, {10, 10, 20}, {2}), (std::vector<float>{3, 0}));
  a.mode = "TFIDF";
  EXPECT_EQ(RunTfIdf<int64_t>(a, {3}, {10, 10, 20}, {2}), (std::vector<float>{7, 0}));
  a.mode = "IDF";
  EXPECT_EQ(RunTfIdf<int64_t>(a, {3}, {10, 10, 20}, {2}), (std::vector<float>{5, 0}));
}

// Lengths outside [min, max] are not counted but keep their columns; with
// min 2 no skip counts the 1-grams, with min 1 they count once.
TEST(TfIdfVectorizer, GramLengthsAndSkips) {
  TfIdfAttrs a;
  a.ngram_counts = {0, 2, 6};
  a.pool = {1, 2, 1, 2, 2, 1, 1, 2, 1};  // 1-grams 1, 2; 2-grams (1 2), (2 1); 3-gram (1 2 1).
  a.ngram_indexes = {0, 1, 2, 3, 4};
  const std::vector<int64_t> x{1, 2, 1, 2};
  a.max_gram = 3;
  a.max_skip = 1;
  // Skip 0: (1 2) twice, (2 1), (1 2 1), (2 1 2); skip 1: (1 1), (2 2), no 3 items fit.
  EXPECT_EQ(RunTfIdf<int64_t>(a, {4}, x, {5}), (std::vector<float>{2, 2, 2, 1, 1}));
  a.min_gram = 2;
  EXPECT_EQ(RunTfIdf<int64_t>(a, {4}, x, {5}), (std::vector<float>{0, 0, 2, 1, 1}));
  a.min_gram = a.max_gram = 1;
  a.max_skip = 3;
  EXPECT_EQ(RunTfIdf<int64_t>(a, {4}, x, {5}), (std::vector<float>{2, 2, 0, 0, 0}));
}

TEST(TfIdfVectorizer, ScalarAndEmptyInputs) {
  TfIdfAttrs a;
  a.pool = {10, 20, 30};
  a.ngram_indexes = {0, 1, 2};
  EXPECT_EQ(RunTfIdf<int64_t>(a, {}, {20}, {3}), (std::vector<float>{0, 1, 0}));
  EXPECT_EQ(RunTfIdf<int64_t>(a, {0}, {}, {3}), (std::vector<float>{0, 0, 0}));
  EXPECT_EQ(RunTfIdf<int32_t>(a, {2, 0}, {}, {2, 3}), (std::vector<float>(6, 0)));
  EXPECT_EQ(RunTfIdf<int64_t>(a, {0, 4}, {}, {0, 3}), (std::vector<float>{}));
}

// Naive reference: for each n-gram of the pool and each skip, the starts at
// which its items appear that many apart; a 1-gram counts once per position.
std::vector<float> NaiveTfIdf(const TfIdfAttrs& a, const std::vector<std::vector<int64_t>>& grams,
                              const std::vector<int64_t>& row) {
  const int64_t cols = *std::max_element(a.ngram_indexes.begin(), a.ngram_indexes.end()) + 1;
  std::vector<float> y(cols, 0.0f);
  const int64_t size = static_cast<int64_t>(row.size());
  for (size_t g = 0; g < grams.size(); ++g) {
    const int64_t n = static_cast<int64_t>(grams[g].size());
    if (n < a.min_gram || n > a.max_gram) continue;
    int64_t count = 0;
    for (int64_t skip = 0; skip <= (n == 1 ? 0 : a.max_skip); ++skip) {
      for (int64_t s = 0; s + (n - 1) * (skip + 1) < size; ++s) {
        bool match = true;
        for (int64_t j = 0; j < n; ++j) match = match && row[s + j * (skip + 1)] == grams[g][j];
        count += match;
      }
    }
    const float w = a.weights.empty() ? 1.0f : a.weights[g];
    if (count > 0) {
      y[a.ngram_indexes[g]] += a.mode == "TF" ? count : a.mode == "IDF" ? w : count * w;
    }
  }
  return y;
}

TEST(TfIdfVectorizer, RandomMatchesNaiveCounting) {
  std::mt19937 rng(91);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const char* modes[] = {"TF", "IDF", "TFIDF"};
  for (int trial = 0; trial < 200; ++trial) {
    TfIdfAttrs a;
    a.mode = modes[trial % 3];
    a.min_gram = pick(1, 3);
    a.max_gram = pick(a.min_gram, 3);
    a.max_skip = pick(0, 3);
    // Distinct n-grams of lengths 1 to 3 over the values 0..2.
    std::vector<std::vector<int64_t>> grams;
    a.ngram_counts.clear();
    for (int64_t n = 1; n <= 3; ++n) {
      a.ngram_counts.push_back(static_cast<int64_t>(a.pool.size()));
      for (int k = pick(0, 4); k > 0; --k) {
        std::vector<int64_t> g(n);
        for (int64_t& v : g) v = pick(0, 2);
        if (std::find(grams.begin(), grams.end(), g) != grams.end()) continue;
        grams.push_back(g);
        a.pool.insert(a.pool.end(), g.begin(), g.end());
      }
    }
    if (grams.empty()) continue;
    for (size_t g = 0; g < grams.size(); ++g) {
      a.ngram_indexes.push_back(pick(0, static_cast<int64_t>(grams.size())));
      if (trial % 2 == 0) a.weights.push_back(static_cast<float>(pick(1, 8)) / 4);
    }
    const int64_t rows = pick(1, 3), size = pick(0, 9);
    std::vector<int64_t> x(rows * size);
    for (int64_t& v : x) v = pick(0, 3);  // 3 is in no n-gram.
    std::vector<float> want;
    for (int64_t r = 0; r < rows; ++r) {
      std::vector<float> y = NaiveTfIdf(
          a, grams, std::vector<int64_t>(x.begin() + r * size, x.begin() + (r + 1) * size));
      want.insert(want.end(), y.begin(), y.end());
    }
    const int64_t cols = static_cast<int64_t>(want.size()) / rows;
    std::vector<float> got = RunTfIdf<int64_t>(a, {rows, size}, x, {rows, cols});
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_FLOAT_EQ(got[i], want[i]) << "trial " << trial << " at " << i;
    }
  }
}

void ExpectTfIdfError(const TfIdfAttrs& a, StatusCode code, const std::string& text) {
  auto out = Runner(a).Run({HostTensor::From<int64_t>({2}, {10, 20})});
  testing::ExpectError(out, code, text);
}

TEST(TfIdfVectorizer, AttributeErrors) {
  TfIdfAttrs good;
  good.pool = {10, 20};
  good.ngram_indexes = {0, 1};
  TfIdfAttrs a = good;
  a.mode = "BM25";
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'mode' (expected TF, IDF or TFIDF, got 'BM25')");
  a = good;
  a.min_gram = 0;
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'min_gram_length' (expected >= 1, got 0)");
  a = good;
  a.min_gram = 2;
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'max_gram_length' (expected >= min_gram_length 2, got 1)");
  a = good;
  a.max_skip = -1;
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'max_skip_count' (expected >= 0, got -1)");
  a = good;
  a.ngram_indexes = {0, 1, 2};
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'ngram_indexes' size (expected one column per n-gram of the pool, "
                   "2, got 3)");
  a = good;
  a.ngram_indexes = {0, -1};
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "'ngram_indexes' holds -1 (expected columns >= 0)");
  a = good;
  a.weights = {1, 2, 3};
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'weights' size (expected 2, one per n-gram like 'ngram_indexes', "
                   "got 3)");
  a = good;
  a.pool = {10, 10};
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'pool_int64s' lists 1-gram #1 twice (expected distinct n-grams)");
  a = good;
  a.pool = {10, 20, 30};
  a.ngram_counts = {0, 2};
  a.ngram_indexes = {0, 1};
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "the pool's 1 items for 2-grams (from 2) are not whole 2-grams");
  a.ngram_counts = {2, 1};
  ExpectTfIdfError(a, StatusCode::kInvalidModel,
                   "attribute 'ngram_counts' (expected non-decreasing starts within the pool's 3 "
                   "items, got 2 then 1 for 1-grams)");
  a.ngram_counts = {0, 4};
  ExpectTfIdfError(a, StatusCode::kInvalidModel, "got 0 then 4 for 1-grams");
}

TEST(TfIdfVectorizer, MissingAttributesAndPools) {
  auto run = [](KernelRunner r) { return r.Run({HostTensor::From<int64_t>({1}, {10})}); };
  auto base = [] {
    return KernelRunner(Library(), "TfIdfVectorizer", 9)
        .Attr("mode", std::string("TF"))
        .Attr("min_gram_length", int64_t{1})
        .Attr("max_gram_length", int64_t{1})
        .Attr("max_skip_count", int64_t{0})
        .Attr("ngram_counts", std::vector<int64_t>{0})
        .Attr("ngram_indexes", std::vector<int64_t>{0});
  };
  testing::ExpectError(run(base()), StatusCode::kInvalidModel,
                       "attribute 'pool_int64s' or 'pool_strings' is required");
  testing::ExpectError(run(base().Attr("pool_strings", std::vector<std::string>{"a"})), StatusCode::kInvalidArgument,
                       "but the pool is 'pool_strings'");
  testing::ExpectError(run(base()
                               .Attr("pool_strings", std::string("a"))
                               .Attr("pool_int64s", std::vector<int64_t>{1})),
                       StatusCode::kInvalidModel, "'pool_int64s' and 'pool_strings' are both set");
  testing::ExpectError(run(KernelRunner(Library(), "TfIdfVectorizer", 9)
                               .Attr("mode", std::string("TF"))
                               .Attr("min_gram_length", int64_t{1})
                               .Attr("max_skip_count", int64_t{0})),
                       StatusCode::kInvalidModel, "attribute 'max_gram_length' is required");
  testing::ExpectError(run(KernelRunner(Library(), "TfIdfVectorizer", 9)),
                       StatusCode::kInvalidModel, "attribute 'mode' is required");
  testing::ExpectError(
      run(base().Attr("pool_int64s", std::vector<int64_t>{10}).Attr("weights", 1.0f)),
      StatusCode::kInvalidModel, "'weights' type (expected floats, got float)");
}

TEST(TfIdfVectorizer, InputErrors) {
  TfIdfAttrs a;
  a.pool = {10};
  a.ngram_indexes = {0};
  testing::ExpectError(Runner(a).Run({HostTensor::From<int64_t>({1, 1, 1}, {10})}),
                       StatusCode::kInvalidArgument, "rank (expected [C] or [N, C], got [1,1,1])");
  // Float input has no kernel: integers (and later strings) only.
  testing::ExpectError(Runner(a).Run({HostTensor::From<float>({1}, {10})}), StatusCode::kNotFound,
                       "no kernel for TfIdfVectorizer opset 9 dtype float");
}

// The same pool as integers and as strings counts the same n-grams; words
// outside the pool match nothing. Truth: the integer path, itself checked
// against ONNX's node cases and a naive counter above.
TEST(TfIdfVectorizer, StringPoolMatchesItsIntegerTwin) {
  const std::vector<std::string> names = {"zero", "one", "two", "three", "four", "five", "six", "seven"};
  auto runner = [](bool strings, const std::vector<std::string>& words) {
    KernelRunner r(Library(), "TfIdfVectorizer", 9);
    r.Attr("mode", std::string("TFIDF"))
        .Attr("min_gram_length", int64_t{1})
        .Attr("max_gram_length", int64_t{2})
        .Attr("max_skip_count", int64_t{1})
        .Attr("ngram_counts", std::vector<int64_t>{0, 3})
        .Attr("ngram_indexes", std::vector<int64_t>{0, 1, 2, 3, 4})
        .Attr("weights", std::vector<float>{1, 2, 3, 4, 5});
    if (strings) {
      r.Attr("pool_strings", std::vector<std::string>{words[2], words[3], words[5], words[5], words[6], words[7], words[4]});
    } else {
      r.Attr("pool_int64s", std::vector<int64_t>{2, 3, 5, 5, 6, 7, 4});
    }
    return r;
  };
  const std::vector<int64_t> ids = {1, 1, 3, 3, 3, 7, 8, 6, 7, 5, 6, 8, 5, 6, 7, 4};
  std::vector<std::string> words;
  for (int64_t id : ids) words.push_back(id < 8 ? names[id] : "unknown");
  std::vector<int64_t> ints = ids;
  for (int64_t& id : ints) id = id < 8 ? id : 100;
  auto from_ints = runner(false, names).Run({HostTensor::From<int64_t>({2, 8}, ints)});
  auto from_strings = runner(true, names).Run({HostTensor::FromStrings({2, 8}, words)});
  ASSERT_TRUE(from_ints.ok()) << from_ints.status().ToString();
  ASSERT_TRUE(from_strings.ok()) << from_strings.status().ToString();
  EXPECT_EQ(from_strings.value()[0].dims(), (Dims{2, 5}));
  EXPECT_EQ(from_strings.value()[0].values<float>(), from_ints.value()[0].values<float>());
  testing::ExpectError(runner(false, names).Run({HostTensor::FromStrings({2}, {"a", "b"})}).status(),
                       StatusCode::kInvalidArgument, "string inputs take pool_strings");
}

}  // namespace
}  // namespace onyx::kernels::ref
