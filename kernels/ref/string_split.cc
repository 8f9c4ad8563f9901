// StringSplit (opset 20): splits every string of X as Python's str.split
// does. With `delimiter` absent or "", runs of whitespace separate substrings
// and leading and trailing whitespace is dropped; otherwise every occurrence
// of the delimiter separates (so "a,,b" gives "a", "", "b"). `maxsplit`
// bounds the number of splits per string. Y has X's shape plus one axis as
// long as the most substrings any string gave, padded with ""; Z (int64, X's
// shape) counts each string's substrings. Y's last extent depends on the
// data, so Y is allocated in Run.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/string_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct StringSplitParams {
  std::string delimiter;  // "" splits on whitespace.
  int64_t maxsplit = -1;  // < 0: no bound.
};

// The substrings of `s` (views into it).
std::vector<std::string_view> Split(std::string_view s, const StringSplitParams& p) {
  std::vector<std::string_view> parts;
  int64_t splits = 0;
  const bool bounded = p.maxsplit >= 0;
  if (!p.delimiter.empty()) {
    size_t start = 0;
    while (!bounded || splits < p.maxsplit) {
      const size_t at = s.find(p.delimiter, start);
      if (at == std::string_view::npos) break;
      parts.push_back(s.substr(start, at - start));
      start = at + p.delimiter.size();
      ++splits;
    }
    parts.push_back(s.substr(start));
    return parts;
  }
  size_t i = 0;
  while (i < s.size()) {
    // Skip whitespace, then take a word (or, once maxsplit is reached, the rest).
    size_t next = i;
    while (i < s.size()) {
      next = i;
      if (!IsPythonSpace(NextCodePoint(s, &next))) break;
      i = next;
    }
    if (i >= s.size()) break;
    if (bounded && splits >= p.maxsplit) {
      parts.push_back(s.substr(i));
      break;
    }
    const size_t word = i;
    while (i < s.size()) {
      next = i;
      if (IsPythonSpace(NextCodePoint(s, &next))) break;
      i = next;
    }
    parts.push_back(s.substr(word, i - word));
    ++splits;
  }
  return parts;
}

}  // namespace

Status StringSplitPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kString)));
  auto* p = ctx.EmplaceState<StringSplitParams>();
  ASSIGN_OR_RETURN(p->delimiter, StringAttr(ctx.attrs(), "delimiter", ""));
  if (const Attribute* a = ctx.attrs().Find("maxsplit")) {
    RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kInt));
    RETURN_ERROR_IF(a->i < 0, StatusCode::kInvalidModel, "attribute 'maxsplit' (expected >= 0, got ", a->i, ")");
    p->maxsplit = a->i;
  }
  ctx.SetDynamicOutput(0, DType::kString);
  if (ctx.num_outputs() > 1) ctx.SetOutput(1, DType::kInt64, ctx.input(0).dims);
  return Status::Ok();
}

Status StringSplitRun(const RunContext& ctx) {
  const StringSplitParams& p = ctx.state<StringSplitParams>();
  const TensorView& x = ctx.input(0);
  const StringRef* in = x.data_as<const StringRef>();
  const int64_t n = x.num_elements();
  std::vector<std::vector<std::string_view>> parts(static_cast<size_t>(n));
  size_t widest = 0;
  for (int64_t i = 0; i < n; ++i) {
    parts[i] = Split(in[i].view(), p);
    widest = std::max(widest, parts[i].size());
  }
  Dims dims = x.dims;
  dims.push_back(static_cast<int64_t>(widest));
  RETURN_IF_ERROR(ctx.AllocateOutput(0, dims));
  StringRef* y = ctx.output(0).data_as<StringRef>();
  for (int64_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < widest; ++k) {
      // Substrings point into the input's bytes, which outlive the run.
      y[i * widest + k] = k < parts[i].size() ? StringRef{parts[i][k].data(), parts[i][k].size()} : StringRef{};
    }
  }
  if (ctx.outputs.size() > 1 && ctx.outputs[1] != nullptr) {
    int64_t* z = ctx.output(1).data_as<int64_t>();
    for (int64_t i = 0; i < n; ++i) z[i] = static_cast<int64_t>(parts[i].size());
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
