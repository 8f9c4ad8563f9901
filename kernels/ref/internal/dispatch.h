#pragma once

// Calls f(T{}) with the C++ type of a runtime dtype, so a kernel body is
// written once as a template. Unsupported dtypes return kUnsupported.

#include <cstdint>

#include "runtime/core/dtype.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

template <typename F>
Status DispatchFloat(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kFloat32: return f(float{});
    case DType::kFloat64: return f(double{});
    default: return MakeError(StatusCode::kUnsupported, "dtype ", DTypeName(dtype), " is not supported");
  }
}

template <typename F>
Status DispatchNumeric(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kFloat32: return f(float{});
    case DType::kFloat64: return f(double{});
    case DType::kInt8: return f(int8_t{});
    case DType::kInt16: return f(int16_t{});
    case DType::kInt32: return f(int32_t{});
    case DType::kInt64: return f(int64_t{});
    case DType::kUInt8: return f(uint8_t{});
    case DType::kUInt16: return f(uint16_t{});
    case DType::kUInt32: return f(uint32_t{});
    case DType::kUInt64: return f(uint64_t{});
    default: return MakeError(StatusCode::kUnsupported, "dtype ", DTypeName(dtype), " is not supported");
  }
}

// float, double, float16 and bfloat16. Half types compute through float.
template <typename F>
Status DispatchFloatOrHalf(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kFloat16: return f(Float16{});
    case DType::kBFloat16: return f(BFloat16{});
    default: return DispatchFloat(dtype, f);
  }
}

// Every numeric type including float16 and bfloat16.
template <typename F>
Status DispatchNumericOrHalf(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kFloat16: return f(Float16{});
    case DType::kBFloat16: return f(BFloat16{});
    default: return DispatchNumeric(dtype, f);
  }
}

// Numeric types plus bool: for ops that only move bytes or compare.
template <typename F>
Status DispatchAll(DType dtype, F&& f) {
  if (dtype == DType::kBool) return f(bool{});
  return DispatchNumeric(dtype, f);
}

constexpr uint64_t kFloatTypes = DTypeBit(DType::kFloat32) | DTypeBit(DType::kFloat64);
constexpr uint64_t kIntTypes =
    DTypeBit(DType::kInt8) | DTypeBit(DType::kInt16) | DTypeBit(DType::kInt32) |
    DTypeBit(DType::kInt64) | DTypeBit(DType::kUInt8) | DTypeBit(DType::kUInt16) |
    DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64);
constexpr uint64_t kNumericTypes = kFloatTypes | kIntTypes;
constexpr uint64_t kHalfTypes = DTypeBit(DType::kFloat16) | DTypeBit(DType::kBFloat16);
constexpr uint64_t kAllTypes = kNumericTypes | DTypeBit(DType::kBool);

}  // namespace onyx::kernels::ref
