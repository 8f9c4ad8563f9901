// Dropout. In inference Y = X and the optional mask is all ones. In training
// (opsets 1 and 6 with is_test = 0; from opset 12 when input training_mode
// is true and ratio > 0) each element is kept when a uniform draw in [0, 1)
// is >= ratio: Y = X * mask / (1 - ratio).
//
// Opset history: 7 dropped is_test (inference only); 10 made the mask bool
// (it has X's dtype before); 12 turned ratio into an input, added
// training_mode and seed; 13 bfloat16; 22 the float8 types, which this
// kernel only copies (inference).
//
// The draws follow numpy's legacy RandomState(seed).uniform(0, 1): MT19937
// seeded by init_genrand (std::mt19937) and 53-bit doubles from two words,
// so a given seed reproduces ONNX's reference masks. Without 'seed' the
// generator is seeded once per node at Prepare and advanced each run.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <type_traits>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct DropoutParams {
  int opset = 0;
  bool legacy_training = false;  // Opsets 1 and 6 with is_test = 0.
  float legacy_ratio = 0.5f;     // Attribute 'ratio' before opset 12.
  bool has_seed = false;
  uint32_t seed = 0;
  mutable std::atomic<uint64_t> runs{0};  // Varies the unseeded draws per run.
};

constexpr uint64_t kFloat8Types = DTypeBit(DType::kFloat8E4M3FN) |
                                  DTypeBit(DType::kFloat8E4M3FNUZ) | DTypeBit(DType::kFloat8E5M2) |
                                  DTypeBit(DType::kFloat8E5M2FNUZ);

uint64_t DataTypes(int opset) {
  uint64_t types = kFloatTypes | DTypeBit(DType::kFloat16);
  if (opset >= 13) types |= DTypeBit(DType::kBFloat16);
  if (opset >= 22) types |= kFloat8Types;
  return types;
}

// numpy's random_sample: 27 + 26 bits of two draws.
double NextDouble(std::mt19937& rng) {
  const uint32_t a = rng() >> 5, b = rng() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

Status CheckInputs(const PrepareContext& ctx, int opset) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, opset >= 12 ? 3 : 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DataTypes(opset)));
  if (ctx.has_input(1)) {
    RETURN_IF_ERROR(ExpectDType(ctx, 1, kFloatTypes | kHalfTypes));
    RETURN_ERROR_IF(NumElements(ctx.input(1).dims) != 1, StatusCode::kInvalidArgument,
                    "ratio input '", ctx.input(1).name, "' (expected a scalar, got shape ",
                    DimsToString(ctx.input(1).dims), ")");
  }
  if (ctx.has_input(2)) {
    RETURN_IF_ERROR(ExpectDType(ctx, 2, DTypeBit(DType::kBool)));
    RETURN_ERROR_IF(NumElements(ctx.input(2).dims) != 1, StatusCode::kInvalidArgument,
                    "training_mode input '", ctx.input(2).name, "' (expected a scalar, got shape ",
                    DimsToString(ctx.input(2).dims), ")");
  }
  return Status::Ok();
}

Status ReadAttributes(const Attributes& attrs, int opset, DropoutParams& p) {
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "seed", opset, 12));
  RETURN_ERROR_IF(opset >= 7 && attrs.Has("is_test"), StatusCode::kInvalidModel,
                  "attribute 'is_test' is not defined from opset 7 on (expected absent, got it at "
                  "opset ",
                  opset, ")");
  RETURN_ERROR_IF(opset >= 12 && attrs.Has("ratio"), StatusCode::kInvalidModel,
                  "attribute 'ratio' is an input from opset 12 on (expected absent, got it at "
                  "opset ",
                  opset, ")");
  if (opset < 12) {
    ASSIGN_OR_RETURN(p.legacy_ratio, FloatAttr(attrs, "ratio", 0.5f));
    RETURN_ERROR_IF(!(p.legacy_ratio >= 0 && p.legacy_ratio < 1), StatusCode::kInvalidModel,
                    "attribute 'ratio' (expected in [0, 1), got ", p.legacy_ratio, ")");
  }
  if (opset < 7) {
    ASSIGN_OR_RETURN(int64_t is_test, IntAttr(attrs, "is_test", 0));
    p.legacy_training = is_test == 0;
  }
  ASSIGN_OR_RETURN(int64_t seed, IntAttr(attrs, "seed", 0));
  p.has_seed = attrs.Has("seed");
  p.seed = static_cast<uint32_t>(seed);
  return Status::Ok();
}

// The ratio and training flag of this run.
Status ReadMode(const RunContext& ctx, const DropoutParams& p, double* ratio, bool* training) {
  *ratio = p.legacy_ratio;
  *training = p.legacy_training;
  if (p.opset < 12) return Status::Ok();
  *ratio = 0.5;
  *training = ctx.has_input(2) && *ctx.input(2).data_as<const bool>();
  if (!ctx.has_input(1)) return Status::Ok();
  RETURN_IF_ERROR(DispatchFloatOrHalf(ctx.input(1).dtype, [&](auto tag) {
    *ratio = static_cast<double>(*ctx.input(1).data_as<const decltype(tag)>());
    return Status::Ok();
  }));
  RETURN_ERROR_IF(*training && !(*ratio >= 0 && *ratio < 1), StatusCode::kInvalidArgument,
                  "input 1 (ratio) value in training mode (expected in [0, 1), got ", *ratio, ")");
  return Status::Ok();
}

template <typename T>
Status Train(const RunContext& ctx, const DropoutParams& p, double ratio) {
  using Acc = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const T* x = ctx.input(0).data_as<const T>();
  T* y = ctx.output(0).data_as<T>();
  const bool has_mask = ctx.outputs.size() > 1 && ctx.outputs[1] != nullptr;
  const bool bool_mask = p.opset >= 10;
  // Computed as numpy does with a float32 ratio: scale in the data's precision.
  const Acc scale = Acc(1) / (Acc(1) - static_cast<Acc>(ratio));
  const uint64_t run = p.runs.fetch_add(1);
  std::mt19937 rng(p.has_seed ? p.seed : static_cast<uint32_t>(p.seed + run * 0x9E3779B9u));
  const int64_t n = ctx.input(0).num_elements();
  for (int64_t i = 0; i < n; ++i) {
    const bool keep = NextDouble(rng) >= ratio;
    y[i] = keep ? static_cast<T>(static_cast<Acc>(x[i]) * scale) : T(0.0f);
    if (!has_mask) continue;
    if (bool_mask) {
      ctx.output(1).data_as<bool>()[i] = keep;
    } else {
      ctx.output(1).data_as<T>()[i] = T(keep ? 1.0f : 0.0f);
    }
  }
  return Status::Ok();
}

}  // namespace

Status DropoutPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(CheckInputs(ctx, opset));
  auto& p = *ctx.EmplaceState<DropoutParams>();
  p.opset = opset;
  RETURN_IF_ERROR(ReadAttributes(ctx.attrs(), opset, p));
  if (!p.has_seed) {
    p.seed = static_cast<uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  const ValueInfo& x = ctx.input(0);
  ctx.SetOutput(0, x.dtype, x.dims);
  if (ctx.num_outputs() > 1) ctx.SetOutput(1, opset >= 10 ? DType::kBool : x.dtype, x.dims);
  return Status::Ok();
}

Status DropoutRun(const RunContext& ctx) {
  const auto& p = ctx.state<DropoutParams>();
  double ratio = 0;
  bool training = false;
  RETURN_IF_ERROR(ReadMode(ctx, p, &ratio, &training));
  const TensorView& x = ctx.input(0);
  if (training && ratio > 0) {
    RETURN_ERROR_IF((kFloat8Types & DTypeBit(x.dtype)) != 0, StatusCode::kUnsupported,
                    "input 0 (data) dtype in training mode (expected float, double, float16 or ",
                    "bfloat16, got ", DTypeName(x.dtype), ")");
    return DispatchFloatOrHalf(x.dtype,
                               [&](auto tag) { return Train<decltype(tag)>(ctx, p, ratio); });
  }
  CopyUnlessSame(ctx.output(0).data, x.data, x.nbytes());
  if (ctx.outputs.size() > 1 && ctx.outputs[1] != nullptr) {
    const int64_t n = x.num_elements();
    if (p.opset >= 10) {
      bool* mask = ctx.output(1).data_as<bool>();
      for (int64_t i = 0; i < n; ++i) mask[i] = true;
      return Status::Ok();
    }
    return DispatchFloatOrHalf(x.dtype, [&](auto tag) {
      using T = decltype(tag);
      T* mask = ctx.output(1).data_as<T>();
      for (int64_t i = 0; i < n; ++i) mask[i] = T(1.0f);
      return Status::Ok();
    });
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
