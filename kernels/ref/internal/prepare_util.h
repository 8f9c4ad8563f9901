#pragma once

// Checks shared by Prepare functions: typed attribute reads and dtype checks.
// Attributes::GetInt and friends fall back silently when an attribute has the
// wrong type; these return kInvalidModel instead, naming the attribute, so a
// malformed model is reported, not guessed.

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/attributes.h"
#include "kernels/api/kernel.h"
#include "runtime/core/dtype.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

inline Status CheckAttrType(const Attribute& a, AttrType expected) {
  RETURN_ERROR_IF(a.type != expected, StatusCode::kInvalidModel, "attribute '", a.name,
                  "' type (expected ", AttrTypeName(expected), ", got ", AttrTypeName(a.type), ")");
  return Status::Ok();
}

// The int attribute `name`, or `fallback` when absent.
inline Result<int64_t> IntAttr(const Attributes& attrs, const char* name, int64_t fallback) {
  const Attribute* a = attrs.Find(name);
  if (a == nullptr) return fallback;
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kInt));
  return a->i;
}

// An int attribute used as a flag: absent gives `fallback`, else 0 or 1.
inline Result<bool> BoolAttr(const Attributes& attrs, const char* name, bool fallback) {
  ASSIGN_OR_RETURN(int64_t v, IntAttr(attrs, name, fallback ? 1 : 0));
  RETURN_ERROR_IF(v != 0 && v != 1, StatusCode::kInvalidModel, "attribute '", name,
                  "' (expected 0 or 1, got ", v, ")");
  return v == 1;
}

inline Result<float> FloatAttr(const Attributes& attrs, const char* name, float fallback) {
  const Attribute* a = attrs.Find(name);
  if (a == nullptr) return fallback;
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kFloat));
  return a->f;
}

inline Result<std::string> StringAttr(const Attributes& attrs, const char* name,
                                      const std::string& fallback) {
  const Attribute* a = attrs.Find(name);
  if (a == nullptr) return fallback;
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kString));
  return a->s;
}

// The ints attribute `name`; empty when absent.
inline Result<std::vector<int64_t>> IntsAttr(const Attributes& attrs, const char* name) {
  const Attribute* a = attrs.Find(name);
  if (a == nullptr) return std::vector<int64_t>{};
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kInts));
  return a->ints;
}

// kInvalidModel when `name` is set although the node's opset predates it
// (`since`): the ONNX checker rejects such a node too.
inline Status RejectAttrBefore(const Attributes& attrs, const char* name, int opset, int since) {
  RETURN_ERROR_IF(opset < since && attrs.Has(name), StatusCode::kInvalidModel, "attribute '", name,
                  "' is not defined before opset ", since, " (expected absent, got it at opset ",
                  opset, ")");
  return Status::Ok();
}

// "float, double": the dtypes whose bits are set in `mask`.
inline std::string DTypeList(uint64_t mask) {
  std::string s;
  for (int32_t t = 1; t <= kMaxDType; ++t) {
    if ((mask & DTypeBit(static_cast<DType>(t))) == 0) continue;
    if (!s.empty()) s += ", ";
    s += DTypeName(static_cast<DType>(t));
  }
  return s;
}

// kUnsupported unless input `i` has one of the dtypes in `allowed`.
inline Status ExpectDType(const PrepareContext& ctx, size_t i, uint64_t allowed) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF((allowed & DTypeBit(v.dtype)) == 0, StatusCode::kUnsupported, "input '", v.name,
                  "' dtype (expected one of ", DTypeList(allowed), ", got ", DTypeName(v.dtype),
                  ")");
  return Status::Ok();
}

// kInvalidArgument unless input `i` has the dtype of input `ref`.
inline Status ExpectSameDType(const PrepareContext& ctx, size_t i, size_t ref) {
  const ValueInfo& v = ctx.input(i);
  const ValueInfo& r = ctx.input(ref);
  RETURN_ERROR_IF(v.dtype != r.dtype, StatusCode::kInvalidArgument, "input '", v.name,
                  "' dtype (expected ", DTypeName(r.dtype), " like input '", r.name, "', got ",
                  DTypeName(v.dtype), ")");
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
