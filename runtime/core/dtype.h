#pragma once

// Element types. The numbering is ONNX's TensorProto.DataType, so values read
// from an ONNX model or an .onyx file convert by a range check alone.

#include <cstddef>
#include <cstdint>

namespace onyx {

enum class DType : int32_t {
  kUndefined = 0,
  kFloat32 = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kFloat64 = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kComplex64 = 14,
  kComplex128 = 15,
  kBFloat16 = 16,
};

constexpr int32_t kMaxDType = 16;

// Bytes per element; 0 for kUndefined and kString (not a fixed-size type).
size_t DTypeSize(DType dtype);
// ONNX's spelling: "float", "double", "int64", "float16", "bool", ...
const char* DTypeName(DType dtype);
// True for a value in [1, kMaxDType].
bool IsKnownDType(int32_t value);

constexpr uint64_t DTypeBit(DType dtype) { return uint64_t{1} << static_cast<int>(dtype); }

template <typename T>
struct DTypeOf;
template <> struct DTypeOf<float> { static constexpr DType value = DType::kFloat32; };
template <> struct DTypeOf<double> { static constexpr DType value = DType::kFloat64; };
template <> struct DTypeOf<int8_t> { static constexpr DType value = DType::kInt8; };
template <> struct DTypeOf<int16_t> { static constexpr DType value = DType::kInt16; };
template <> struct DTypeOf<int32_t> { static constexpr DType value = DType::kInt32; };
template <> struct DTypeOf<int64_t> { static constexpr DType value = DType::kInt64; };
template <> struct DTypeOf<uint8_t> { static constexpr DType value = DType::kUInt8; };
template <> struct DTypeOf<uint16_t> { static constexpr DType value = DType::kUInt16; };
template <> struct DTypeOf<uint32_t> { static constexpr DType value = DType::kUInt32; };
template <> struct DTypeOf<uint64_t> { static constexpr DType value = DType::kUInt64; };
template <> struct DTypeOf<bool> { static constexpr DType value = DType::kBool; };

}  // namespace onyx
