#pragma once

// Element types. The numbering is ONNX's TensorProto.DataType, so values read
// from an ONNX model or an .onyx file convert by a range check alone.
//
// Types narrower than a byte (int4, uint4, float4, int2, uint2, float6) are
// held unpacked in memory, one element per byte in its low bits, as numpy's
// ml_dtypes does; only files pack them (PackedBits).

#include <cstddef>
#include <cstdint>

#include "runtime/core/half.h"

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
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUInt4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUInt2 = 25,
  kInt2 = 26,
  kFloat6E2M3 = 27,
  kFloat6E3M2 = 28,

  // Not element types: how values of ONNX's sequence and optional types
  // travel through the runtime in a TensorView (see value.h). Never stored
  // in a file's dtype field.
  kSequence = 40,      // data: a SequenceValue*.
  kOptionalNone = 41,  // An optional holding nothing; data: nullptr.
};

constexpr int32_t kMaxDType = 28;

// Bytes per element; 0 for kUndefined and the non-tensor kinds. A string
// element is a StringRef (strings.h), 16 bytes.
size_t DTypeSize(DType dtype);
// ONNX's spelling: "float", "double", "int64", "float16", "bool", ...
const char* DTypeName(DType dtype);
// True for a value in [1, kMaxDType].
bool IsKnownDType(int32_t value);
// Bits per element when packed in a file (4, 2 or 6) for sub-byte types, 0
// for the others.
int PackedBits(DType dtype);

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
template <> struct DTypeOf<Float16> { static constexpr DType value = DType::kFloat16; };
template <> struct DTypeOf<BFloat16> { static constexpr DType value = DType::kBFloat16; };

}  // namespace onyx
