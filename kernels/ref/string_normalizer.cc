// StringNormalizer (opset 10): drops the stopwords from a [C] or [1, C]
// string tensor, then changes the case of what is left
// (case_change_action LOWER, UPPER or NONE). Stopwords match exactly when
// is_case_sensitive is 1, and ignoring case (internal/string_util.h) when 0,
// the default. When every string is dropped the output holds one "" ([1] or
// [1, 1]), as in ONNX Runtime. The output's length depends on the data, so it
// is allocated in Run. `locale` is accepted; case mapping does not depend on
// it.

#include <string>
#include <unordered_set>
#include <vector>

#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/string_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum class CaseChange { kNone, kLower, kUpper };

struct StringNormalizerParams {
  CaseChange change = CaseChange::kNone;
  bool case_sensitive = false;
  std::unordered_set<std::string> stopwords;  // Lower-cased unless case_sensitive.
};

}  // namespace

Status StringNormalizerPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kString)));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(!(x.dims.size() == 1 || (x.dims.size() == 2 && x.dims[0] == 1)), StatusCode::kInvalidArgument,
                  "input '", x.name, "' must have shape [C] or [1, C] (got ", DimsToString(x.dims), ")");
  auto* p = ctx.EmplaceState<StringNormalizerParams>();
  ASSIGN_OR_RETURN(std::string action, StringAttr(ctx.attrs(), "case_change_action", "NONE"));
  if (action == "LOWER") {
    p->change = CaseChange::kLower;
  } else if (action == "UPPER") {
    p->change = CaseChange::kUpper;
  } else {
    RETURN_ERROR_IF(action != "NONE", StatusCode::kInvalidModel,
                    "attribute 'case_change_action' (expected LOWER, UPPER or NONE, got '", action, "')");
  }
  ASSIGN_OR_RETURN(int64_t sensitive, IntAttr(ctx.attrs(), "is_case_sensitive", 0));
  p->case_sensitive = sensitive != 0;
  if (const Attribute* a = ctx.attrs().Find("stopwords")) {
    RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kStrings));
    for (const std::string& w : a->strings) p->stopwords.insert(p->case_sensitive ? w : ChangeCase(w, false));
  }
  ctx.SetDynamicOutput(0, DType::kString);
  return Status::Ok();
}

Status StringNormalizerRun(const RunContext& ctx) {
  const StringNormalizerParams& p = ctx.state<StringNormalizerParams>();
  const TensorView& x = ctx.input(0);
  const StringRef* in = x.data_as<const StringRef>();
  std::vector<StringRef> kept;
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    const std::string key = p.case_sensitive ? std::string(in[i].view()) : ChangeCase(in[i].view(), false);
    if (p.stopwords.count(key) == 0) kept.push_back(in[i]);
  }
  const bool none_left = kept.empty();
  if (none_left) kept.push_back(StringRef{});
  Dims dims = x.dims;
  dims.back() = static_cast<int64_t>(kept.size());
  RETURN_IF_ERROR(ctx.AllocateOutput(0, dims));
  StringRef* y = ctx.output(0).data_as<StringRef>();
  for (size_t i = 0; i < kept.size(); ++i) {
    if (p.change == CaseChange::kNone || none_left) {
      y[i] = kept[i];
    } else {
      ASSIGN_OR_RETURN(y[i], ctx.NewString(ChangeCase(kept[i].view(), p.change == CaseChange::kUpper)));
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
