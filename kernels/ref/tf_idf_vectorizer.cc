// TfIdfVectorizer: counts, per row of X ([C] or [N, C]), the n-grams of a
// pool learned in training, and writes them as a vector of length
// max(ngram_indexes) + 1: n-gram #i of the pool goes to column
// ngram_indexes[i]. An n-gram of length n starting at x[s] with skip k is
// x[s], x[s + k + 1], ..., n items; every skip from 0 to max_skip_count and
// every length from min_gram_length to max_gram_length is counted (1-grams
// once, as no skip changes them). The pool lists the 1-grams, then the
// 2-grams, ...: ngram_counts[n - 1] is where the n-grams start.
// mode TF writes counts; IDF writes weights[i] where n-gram i occurs; TFIDF
// counts times weights[i] (weights default to 1). weights follow the pool's
// order, as the operator's docs say and ONNX Runtime does; when several
// n-grams share a column their values add up.
// Matching runs on int64 keys: an integer is its own key, a string of
// pool_strings the position where it first appears in the pool.

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum class TfIdfMode { kTf, kIdf, kTfIdf };

// The pool's n-grams as a trie over keys: a node per distinct prefix, which
// is an n-gram when `ngram` >= 0 (its number in the pool).
class NgramTrie {
 public:
  static constexpr int32_t kRoot = 0;
  static constexpr int32_t kNone = -1;

  NgramTrie() : nodes_(1) {}

  // Adds `keys[0..n)` as n-gram number `ngram`; false if the pool already had it.
  bool Add(const int64_t* keys, int64_t n, int64_t ngram) {
    int32_t node = kRoot;
    for (int64_t i = 0; i < n; ++i) {
      auto it = nodes_[node].children.find(keys[i]);
      if (it == nodes_[node].children.end()) {
        nodes_.emplace_back();
        it = nodes_[node].children.emplace(keys[i], static_cast<int32_t>(nodes_.size() - 1)).first;
      }
      node = it->second;
    }
    if (nodes_[node].ngram >= 0) return false;
    nodes_[node].ngram = ngram;
    return true;
  }
  // The node reached from `node` by `key`, or kNone.
  int32_t Child(int32_t node, int64_t key) const {
    auto it = nodes_[node].children.find(key);
    return it == nodes_[node].children.end() ? kNone : it->second;
  }
  // The n-gram number of `node`, or -1 for a prefix only.
  int64_t NgramOf(int32_t node) const { return nodes_[node].ngram; }

 private:
  struct Node {
    std::unordered_map<int64_t, int32_t> children;
    int64_t ngram = -1;
  };
  std::vector<Node> nodes_;
};

struct TfIdfPlan {
  TfIdfMode mode = TfIdfMode::kTf;
  int64_t min_gram = 1, max_gram = 1, max_skip = 0;
  int64_t rows = 1, row_size = 0, output_size = 0;
  std::vector<int64_t> ngram_indexes;  // Column of each n-gram of the pool.
  std::vector<float> weights;          // Per n-gram; empty: all 1.
  NgramTrie trie;
  // pool_strings: each distinct string's key (its first position in the
  // pool); a string of the input that is not in the pool matches nothing.
  bool strings = false;
  std::unordered_map<std::string, int64_t> string_keys;
};

Result<int64_t> RequiredInt(const Attributes& attrs, const char* name) {
  RETURN_ERROR_IF(!attrs.Has(name), StatusCode::kInvalidModel, "attribute '", name,
                  "' is required");
  return IntAttr(attrs, name, 0);
}

Status ReadLengths(const Attributes& attrs, TfIdfPlan& p) {
  ASSIGN_OR_RETURN(p.min_gram, RequiredInt(attrs, "min_gram_length"));
  ASSIGN_OR_RETURN(p.max_gram, RequiredInt(attrs, "max_gram_length"));
  ASSIGN_OR_RETURN(p.max_skip, RequiredInt(attrs, "max_skip_count"));
  RETURN_ERROR_IF(p.min_gram < 1, StatusCode::kInvalidModel,
                  "attribute 'min_gram_length' (expected >= 1, got ", p.min_gram, ")");
  RETURN_ERROR_IF(p.max_gram < p.min_gram, StatusCode::kInvalidModel,
                  "attribute 'max_gram_length' (expected >= min_gram_length ", p.min_gram, ", got ",
                  p.max_gram, ")");
  RETURN_ERROR_IF(p.max_skip < 0, StatusCode::kInvalidModel,
                  "attribute 'max_skip_count' (expected >= 0, got ", p.max_skip, ")");
  return Status::Ok();
}

Status ReadMode(const Attributes& attrs, TfIdfPlan& p) {
  RETURN_ERROR_IF(!attrs.Has("mode"), StatusCode::kInvalidModel, "attribute 'mode' is required");
  ASSIGN_OR_RETURN(std::string mode, StringAttr(attrs, "mode", ""));
  if (mode == "TF") {
    p.mode = TfIdfMode::kTf;
  } else if (mode == "IDF") {
    p.mode = TfIdfMode::kIdf;
  } else if (mode == "TFIDF") {
    p.mode = TfIdfMode::kTfIdf;
  } else {
    return MakeError(StatusCode::kInvalidModel,
                     "attribute 'mode' (expected TF, IDF or TFIDF, got '", mode, "')");
  }
  return Status::Ok();
}

// The pool as integer keys: pool_int64s as they are, pool_strings through
// p.string_keys.
Result<std::vector<int64_t>> ReadPool(const Attributes& attrs, TfIdfPlan& p) {
  const bool ints = attrs.Has("pool_int64s"), strings = attrs.Has("pool_strings");
  RETURN_ERROR_IF(ints && strings, StatusCode::kInvalidModel,
                  "attributes 'pool_int64s' and 'pool_strings' are both set (expected one)");
  RETURN_ERROR_IF(!ints && !strings, StatusCode::kInvalidModel,
                  "attribute 'pool_int64s' or 'pool_strings' is required (the n-grams to count)");
  if (ints) return IntsAttr(attrs, "pool_int64s");
  const Attribute* a = attrs.Find("pool_strings");
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kStrings));
  p.strings = true;
  std::vector<int64_t> keys;
  for (const std::string& word : a->strings) {
    keys.push_back(p.string_keys.emplace(word, static_cast<int64_t>(keys.size())).first->second);
  }
  return keys;
}

// Numbers the pool's n-grams in order and adds those of a length in
// [min_gram, max_gram] to the trie. Returns how many n-grams the pool has.
Result<int64_t> BuildTrie(const std::vector<int64_t>& pool, const std::vector<int64_t>& starts,
                          TfIdfPlan& p) {
  const int64_t pool_size = static_cast<int64_t>(pool.size());
  int64_t ngram = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t n = static_cast<int64_t>(i) + 1;
    const int64_t begin = starts[i], end = i + 1 < starts.size() ? starts[i + 1] : pool_size;
    RETURN_ERROR_IF(begin < 0 || begin > end || end > pool_size, StatusCode::kInvalidModel,
                    "attribute 'ngram_counts' (expected non-decreasing starts within the pool's ",
                    pool_size, " items, got ", begin, " then ", end, " for ", n, "-grams)");
    RETURN_ERROR_IF((end - begin) % n != 0, StatusCode::kInvalidModel, "the pool's ", end - begin,
                    " items for ", n, "-grams (from ", begin, ") are not whole ", n, "-grams");
    for (int64_t at = begin; at < end; at += n, ++ngram) {
      if (n < p.min_gram || n > p.max_gram) continue;
      RETURN_ERROR_IF(!p.trie.Add(pool.data() + at, n, ngram), StatusCode::kInvalidModel,
                      "attribute 'pool_int64s' lists ", n, "-gram #", ngram,
                      " twice (expected distinct n-grams)");
    }
  }
  return ngram;
}

Status ReadPlan(const Attributes& attrs, TfIdfPlan& p) {
  RETURN_IF_ERROR(ReadMode(attrs, p));
  RETURN_IF_ERROR(ReadLengths(attrs, p));
  ASSIGN_OR_RETURN(std::vector<int64_t> pool, ReadPool(attrs, p));
  RETURN_ERROR_IF(!attrs.Has("ngram_counts"), StatusCode::kInvalidModel,
                  "attribute 'ngram_counts' is required");
  ASSIGN_OR_RETURN(std::vector<int64_t> starts, IntsAttr(attrs, "ngram_counts"));
  ASSIGN_OR_RETURN(int64_t num_ngrams, BuildTrie(pool, starts, p));
  RETURN_ERROR_IF(!attrs.Has("ngram_indexes"), StatusCode::kInvalidModel,
                  "attribute 'ngram_indexes' is required");
  ASSIGN_OR_RETURN(p.ngram_indexes, IntsAttr(attrs, "ngram_indexes"));
  RETURN_ERROR_IF(static_cast<int64_t>(p.ngram_indexes.size()) != num_ngrams || num_ngrams == 0,
                  StatusCode::kInvalidModel,
                  "attribute 'ngram_indexes' size (expected one column per n-gram of the pool, ",
                  num_ngrams, ", got ", p.ngram_indexes.size(), ")");
  for (int64_t c : p.ngram_indexes) {
    RETURN_ERROR_IF(c < 0, StatusCode::kInvalidModel, "attribute 'ngram_indexes' holds ", c,
                    " (expected columns >= 0)");
    p.output_size = std::max(p.output_size, c + 1);
  }
  const Attribute* w = attrs.Find("weights");
  if (w != nullptr) {
    RETURN_IF_ERROR(CheckAttrType(*w, AttrType::kFloats));
    RETURN_ERROR_IF(w->floats.size() != p.ngram_indexes.size(), StatusCode::kInvalidModel,
                    "attribute 'weights' size (expected ", p.ngram_indexes.size(),
                    ", one per n-gram like 'ngram_indexes', got ", w->floats.size(), ")");
    p.weights = w->floats;
  }
  return Status::Ok();
}

// Adds to `counts` (one per n-gram of the pool) the n-grams of one row of
// p.row_size items, whose keys `key_at(i)` gives (a string input would map
// each string to its key here).
template <typename KeyAt>
void CountRow(const TfIdfPlan& p, KeyAt key_at, int64_t* counts) {
  int64_t shortest = p.min_gram;
  for (int64_t step = 1; step <= p.max_skip + 1; ++step) {
    for (int64_t start = 0; start + step * (shortest - 1) < p.row_size; ++start) {
      int32_t node = NgramTrie::kRoot;
      for (int64_t item = start, n = 1; n <= p.max_gram && item < p.row_size; item += step, ++n) {
        node = p.trie.Child(node, key_at(item));
        if (node == NgramTrie::kNone) break;
        const int64_t ngram = p.trie.NgramOf(node);
        if (n >= shortest && ngram >= 0) ++counts[ngram];
      }
    }
    // A 1-gram is the same at every skip: count it at the first only.
    if (shortest == 1 && ++shortest > p.max_gram) break;
  }
}

// One row of Y from the counts of the pool's n-grams.
void WriteRow(const TfIdfPlan& p, const int64_t* counts, float* y) {
  std::fill(y, y + p.output_size, 0.0f);
  for (size_t i = 0; i < p.ngram_indexes.size(); ++i) {
    if (counts[i] == 0) continue;
    const float weight = p.weights.empty() ? 1.0f : p.weights[i];
    const float tf = static_cast<float>(counts[i]);
    y[p.ngram_indexes[i]] += p.mode == TfIdfMode::kTf    ? tf
                             : p.mode == TfIdfMode::kIdf ? weight
                                                         : tf * weight;
  }
}

template <typename T>
void CountAll(const TfIdfPlan& p, const T* x, int64_t* counts, float* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* row = x + r * p.row_size;
    std::fill(counts, counts + p.ngram_indexes.size(), int64_t{0});
    auto key_at = [row](int64_t i) { return static_cast<int64_t>(row[i]); };
    CountRow(p, key_at, counts);
    WriteRow(p, counts, y + r * p.output_size);
  }
}

}  // namespace

Status TfIdfVectorizerPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(
      ExpectDType(ctx, 0, DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) | DTypeBit(DType::kString)));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() > 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected [C] or [N, C], got ", DimsToString(x.dims), ")");
  TfIdfPlan p;
  RETURN_IF_ERROR(ReadPlan(ctx.attrs(), p));
  RETURN_ERROR_IF(p.strings != (x.dtype == DType::kString), StatusCode::kInvalidArgument, "input '", x.name,
                  "' is ", DTypeName(x.dtype), " but the pool is ", p.strings ? "'pool_strings'" : "'pool_int64s'",
                  " (string inputs take pool_strings, integer inputs pool_int64s)");
  // A scalar is one row of one item, as in ONNX Runtime.
  p.rows = x.dims.size() == 2 ? x.dims[0] : 1;
  p.row_size = x.dims.empty() ? 1 : x.dims.back();
  ctx.RequestScratch(p.ngram_indexes.size() * sizeof(int64_t));
  ctx.SetOutput(0, DType::kFloat32,
                x.dims.size() == 2 ? Dims{p.rows, p.output_size} : Dims{p.output_size});
  ctx.EmplaceState<TfIdfPlan>(std::move(p));
  return Status::Ok();
}

Status TfIdfVectorizerRun(const RunContext& ctx) {
  const TfIdfPlan& p = ctx.state<TfIdfPlan>();
  int64_t* counts = static_cast<int64_t*>(ctx.scratch);
  float* y = ctx.output(0).data_as<float>();
  const TensorView& x = ctx.input(0);
  if (x.dtype == DType::kString) {
    const StringRef* words = x.data_as<const StringRef>();
    for (int64_t r = 0; r < p.rows; ++r) {
      std::fill(counts, counts + p.ngram_indexes.size(), int64_t{0});
      auto key_at = [&](int64_t i) {
        auto it = p.string_keys.find(std::string(words[r * p.row_size + i].view()));
        return it == p.string_keys.end() ? int64_t{-1} : it->second;
      };
      CountRow(p, key_at, counts);
      WriteRow(p, counts, y + r * p.output_size);
    }
  } else if (x.dtype == DType::kInt32) {
    CountAll(p, x.data_as<const int32_t>(), counts, y);
  } else {
    CountAll(p, x.data_as<const int64_t>(), counts, y);
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
