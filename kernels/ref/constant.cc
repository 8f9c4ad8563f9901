// Constant: no inputs; the output is the value of exactly one attribute.
// `value` (a tensor; float types only at opset 1, all types from 9) at every
// opset; from 12 also value_float (float scalar), value_floats (float 1-D),
// value_int (int64 scalar), value_ints (int64 1-D), value_string (string
// scalar) and value_strings (string 1-D). sparse_value (opset 11+) is valid
// ONNX that onyx does not support yet.

#include <cstring>
#include <iterator>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ConstantParams {
  const void* src = nullptr;  // The tensor attribute's bytes, or `owned`.
  size_t bytes = 0;
  std::vector<uint8_t> owned;  // Bytes of the value_* list attributes.
};

constexpr const char* kValueAttrs[] = {"value",        "sparse_value", "value_float",
                                       "value_floats", "value_int",    "value_ints",
                                       "value_string", "value_strings"};

// Opset at which each attribute of kValueAttrs appeared.
constexpr int kSinceOpset[] = {1, 11, 12, 12, 12, 12, 12, 12};

constexpr AttrType kAttrTypes[] = {AttrType::kTensor, AttrType::kUndefined, AttrType::kFloat,
                                   AttrType::kFloats, AttrType::kInt,       AttrType::kInts,
                                   AttrType::kString, AttrType::kStrings};

// The single value attribute, or kInvalidModel if none or several are set.
Result<const Attribute*> FindValueAttr(const PrepareContext& ctx) {
  const Attribute* found = nullptr;
  int count = 0;
  for (size_t k = 0; k < std::size(kValueAttrs); ++k) {
    const Attribute* a = ctx.attrs().Find(kValueAttrs[k]);
    if (a == nullptr) continue;
    RETURN_ERROR_IF(ctx.node().opset < kSinceOpset[k], StatusCode::kInvalidModel, "attribute '",
                    a->name, "' is not defined before opset ", kSinceOpset[k],
                    " (expected absent, got it at opset ", ctx.node().opset, ")");
    RETURN_ERROR_IF(kAttrTypes[k] != AttrType::kUndefined && a->type != kAttrTypes[k],
                    StatusCode::kInvalidModel, "attribute '", a->name,
                    "' has the wrong type (expected ", AttrTypeName(kAttrTypes[k]), ", got ",
                    AttrTypeName(a->type), ")");
    found = a;
    ++count;
  }
  RETURN_ERROR_IF(count != 1, StatusCode::kInvalidModel,
                  "exactly one value attribute must be set (expected 1 of value, sparse_value, "
                  "value_float(s), value_int(s), value_string(s), got ",
                  count, ")");
  return found;
}

Status PrepareTensorValue(PrepareContext& ctx, const TensorView& t, ConstantParams& p) {
  RETURN_ERROR_IF((kMovableTypes & DTypeBit(t.dtype)) == 0, StatusCode::kInvalidModel,
                  "attribute 'value' has an invalid dtype (expected a tensor dtype, got ",
                  DTypeName(t.dtype), ")");
  RETURN_ERROR_IF(ctx.node().opset < 9 && (kLegacyFloatTypes & DTypeBit(t.dtype)) == 0,
                  StatusCode::kInvalidModel,
                  "attribute 'value' dtype is not allowed before opset 9 (expected float16, float "
                  "or double, got ",
                  DTypeName(t.dtype), ")");
  ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(t.dims));
  p.bytes = static_cast<size_t>(count) * DTypeSize(t.dtype);
  RETURN_ERROR_IF(p.bytes != 0 && t.data == nullptr, StatusCode::kInvalidModel,
                  "attribute 'value' has no data (expected ", p.bytes, " bytes, got none)");
  p.src = t.data;
  ctx.SetOutput(0, t.dtype, t.dims);
  return Status::Ok();
}

template <typename T>
void PrepareListValue(PrepareContext& ctx, const std::vector<T>& values, bool scalar,
                      ConstantParams& p) {
  p.owned.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(p.owned.data(), values.data(), p.owned.size());
  p.src = p.owned.data();
  p.bytes = p.owned.size();
  ctx.SetOutput(0, DTypeOf<T>::value, scalar ? Dims{} : Dims{static_cast<int64_t>(values.size())});
}

}  // namespace

Status ConstantPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(0, 0));
  ASSIGN_OR_RETURN(const Attribute* a, FindValueAttr(ctx));
  RETURN_ERROR_IF(
      a->name == "sparse_value", StatusCode::kUnsupported,
      "attribute 'sparse_value' is not supported (expected a dense 'value', got a sparse tensor)");
  auto* p = ctx.EmplaceState<ConstantParams>();
  // value_string(s): the elements point at the attribute's bytes, which the
  // graph keeps as long as the plan lives.
  std::vector<StringRef> strings;
  if (a->type == AttrType::kString) strings.push_back(StringRef{a->s.data(), a->s.size()});
  for (const std::string& s : a->strings) strings.push_back(StringRef{s.data(), s.size()});
  switch (a->type) {
    case AttrType::kTensor: return PrepareTensorValue(ctx, a->tensor, *p);
    case AttrType::kFloat: PrepareListValue(ctx, std::vector<float>{a->f}, true, *p); break;
    case AttrType::kFloats: PrepareListValue(ctx, a->floats, false, *p); break;
    case AttrType::kInt: PrepareListValue(ctx, std::vector<int64_t>{a->i}, true, *p); break;
    case AttrType::kInts: PrepareListValue(ctx, a->ints, false, *p); break;
    case AttrType::kString: PrepareListValue(ctx, strings, true, *p); break;
    case AttrType::kStrings: PrepareListValue(ctx, strings, false, *p); break;
    default: return MakeError(StatusCode::kInternal, "unexpected attribute type");
  }
  return Status::Ok();
}

Status ConstantRun(const RunContext& ctx) {
  const ConstantParams& p = ctx.state<ConstantParams>();
  CopyUnlessSame(ctx.output(0).data, p.src, p.bytes);
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
