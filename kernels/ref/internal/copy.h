#pragma once

// Helpers for kernels that move bytes without arithmetic: the view ops
// (Identity, Reshape, Flatten, Squeeze, Unsqueeze), whose output the planner
// may place on top of their input, and the ops that rearrange elements
// (Transpose, Concat, Gather), which only need to know an element's size.
// Also what their Prepare functions share: reading int64 inputs whose values
// must be known ahead of time, and normalizing lists of axes.

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// Every dtype with a fixed element size. Byte-moving kernels accept bfloat16
// at every opset although ONNX lists it only from opset 13 on: its bytes move
// like any other 2-byte type.
constexpr uint64_t kFixedSizeTypes =
    DTypeBit(DType::kFloat32) | DTypeBit(DType::kFloat64) | DTypeBit(DType::kFloat16) |
    DTypeBit(DType::kBFloat16) | DTypeBit(DType::kInt8) | DTypeBit(DType::kInt16) |
    DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) | DTypeBit(DType::kUInt8) |
    DTypeBit(DType::kUInt16) | DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64) |
    DTypeBit(DType::kBool) | DTypeBit(DType::kComplex64) | DTypeBit(DType::kComplex128);

// kFixedSizeTypes and strings, whose elements (StringRef, 16 bytes) these
// kernels move like any other value: the types of the ops that only move
// elements and that ONNX defines on strings.
constexpr uint64_t kMovableTypes = kFixedSizeTypes | DTypeBit(DType::kString);

// The types of the opset-1 versions of several view ops: float16, float, double.
constexpr uint64_t kLegacyFloatTypes =
    DTypeBit(DType::kFloat32) | DTypeBit(DType::kFloat64) | DTypeBit(DType::kFloat16);

// kUnsupported unless input `i` has a dtype whose elements move as plain
// bytes (strings included: a StringRef moves like a 16-byte value).
inline Status ExpectFixedSizeDType(const PrepareContext& ctx, size_t i) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF((kMovableTypes & DTypeBit(v.dtype)) == 0, StatusCode::kUnsupported, "input '",
                  v.name, "' dtype is not supported (expected a fixed-size type, got ",
                  DTypeName(v.dtype), ")");
  return Status::Ok();
}

// Copies `bytes` from `src` to `dst` unless both are the same buffer, which is
// how the executor runs a view op whose output aliases its input.
inline void CopyUnlessSame(void* dst, const void* src, size_t bytes) {
  if (dst != src && bytes != 0) std::memcpy(dst, src, bytes);
}

// Run of the view ops: the output holds input 0's bytes unchanged.
inline Status RunCopyInput0(const RunContext& ctx) {
  CopyUnlessSame(ctx.output(0).data, ctx.input(0).data, ctx.input(0).nbytes());
  return Status::Ok();
}

// A 16-byte element (complex128) for the element-size dispatch.
struct Bytes16 {
  uint64_t lo, hi;
};

// Calls f(T{}) with a trivially copyable type of `size` bytes, so that element
// moves compile to plain loads and stores.
template <typename F>
Status DispatchElementSize(size_t size, F&& f) {
  switch (size) {
    case 1: return f(uint8_t{});
    case 2: return f(uint16_t{});
    case 4: return f(uint32_t{});
    case 8: return f(uint64_t{});
    case 16: return f(Bytes16{});
    default: return MakeError(StatusCode::kUnsupported, "element size ", size, " is not supported");
  }
}

// "[1,-1,0]": unlike DimsToString, negative values print as numbers.
inline std::string IntsToString(const std::vector<int64_t>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + std::to_string(values[i]);
  return s + "]";
}

// The values of int64 input `i` (rank 0 or 1), which Prepare needs because
// they decide the output shape: Reshape's shape, (Un)Squeeze's axes. They are
// there when the value is a constant or the planner derived it from shapes;
// otherwise kFailedPrecondition (PrepareContext::ValueRequired). `role` names
// the input in messages ("shape").
inline Result<std::vector<int64_t>> KnownInt64Input(const PrepareContext& ctx, size_t i,
                                                    const char* role) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dtype != DType::kInt64, StatusCode::kInvalidArgument, role, " input '", v.name,
                  "' has the wrong dtype (expected int64, got ", DTypeName(v.dtype), ")");
  RETURN_ERROR_IF(v.dims.size() > 1, StatusCode::kInvalidArgument, role, " input '", v.name,
                  "' must be 1-D (expected rank 1, got shape ", DimsToString(v.dims), ")");
  const int64_t n = NumElements(v.dims);
  if (v.data == nullptr && n != 0) return ctx.ValueRequired(i, role);
  const int64_t* p = static_cast<const int64_t*>(v.data);
  return n == 0 ? std::vector<int64_t>{} : std::vector<int64_t>(p, p + n);
}

// Attribute 'axis' normalized against input `x`: [-rank, rank - 1] maps to
// [0, rank - 1], and with `allow_rank` (Flatten) rank itself is valid too.
// Negative values are rejected when `allow_negative` is false (before opset
// 11 for most ops) with kInvalidModel; out of range is kInvalidArgument.
inline Result<int> NormalizeAxisAttr(int64_t axis, const ValueInfo& x, bool allow_negative,
                                     bool allow_rank = false) {
  const int64_t rank = static_cast<int64_t>(x.dims.size());
  const int64_t highest = allow_rank ? rank : rank - 1;
  RETURN_ERROR_IF(axis < 0 && !allow_negative, StatusCode::kInvalidModel,
                  "attribute 'axis' is negative before opset 11 (expected [0, ", highest, "], got ",
                  axis, ")");
  const int64_t lowest = allow_negative ? -rank : 0;
  RETURN_ERROR_IF(axis < lowest || axis > highest, StatusCode::kInvalidArgument,
                  "attribute 'axis' is out of range for input '", x.name, "' of shape ",
                  DimsToString(x.dims), " (expected [", lowest, ", ", highest, "], got ", axis,
                  ")");
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

// Normalizes `axes` against `rank` into [0, rank): negative values count from
// the back when `allow_negative`. Errors carry `code` (kInvalidModel for an
// attribute, kInvalidArgument for an input) and name `what` ("attribute 'axes'").
inline Status NormalizeAxes(std::vector<int64_t>& axes, int64_t rank, bool allow_negative,
                            StatusCode code, const std::string& what) {
  for (int64_t& axis : axes) {
    const int64_t lowest = allow_negative ? -rank : 0;
    RETURN_ERROR_IF(axis < lowest || axis >= rank, code, what, " has axis ", axis,
                    " out of range (expected [", lowest, ", ", rank - 1, "], got ", axis, ")");
    if (axis < 0) axis += rank;
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
