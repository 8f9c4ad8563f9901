// RegexFullMatch (opset 20): Y[i] is true when the whole of X[i] matches
// `pattern`, an RE2 regular expression (the syntax the spec names; RE2 is
// linear-time, so a hostile pattern cannot hang a run). The pattern is
// compiled once in Prepare; a pattern RE2 rejects is an error naming it.

#include <memory>
#include <string>

#include <re2/re2.h>

#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct RegexState {
  std::unique_ptr<RE2> regex;
};

}  // namespace

Status RegexFullMatchPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kString)));
  const Attribute* a = ctx.attrs().Find("pattern");
  RETURN_ERROR_IF(a == nullptr, StatusCode::kInvalidModel, "attribute 'pattern' is required");
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kString));
  RE2::Options options;
  options.set_log_errors(false);
  auto* state = ctx.EmplaceState<RegexState>();
  state->regex = std::make_unique<RE2>(a->s, options);
  RETURN_ERROR_IF(!state->regex->ok(), StatusCode::kInvalidModel, "attribute 'pattern' '", a->s,
                  "' is not a valid RE2 regular expression: ", state->regex->error());
  ctx.SetOutput(0, DType::kBool, ctx.input(0).dims);
  return Status::Ok();
}

Status RegexFullMatchRun(const RunContext& ctx) {
  const RE2& regex = *ctx.state<RegexState>().regex;
  const TensorView& x = ctx.input(0);
  const StringRef* in = x.data_as<const StringRef>();
  bool* y = ctx.output(0).data_as<bool>();
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    y[i] = RE2::FullMatch(re2::StringPiece(in[i].data, static_cast<size_t>(in[i].size)), regex);
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
