#pragma once

// Index arithmetic shared by the kernels that rearrange elements by index:
// Slice, Pad, Tile, Split, GatherElements, GatherND, the Scatter family,
// DepthToSpace, SpaceToDepth, CenterCropPad, ReverseSequence, Unique, ...
// Also the dtype masks of the opsets that added the narrow float and integer
// types, which these kernels move like any other 1-byte type (they are held
// unpacked in memory, one element per byte).

#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// float8e4m3fn, float8e4m3fnuz, float8e5m2, float8e5m2fnuz (opset 19/20 on).
constexpr uint64_t kFloat8Types =
    DTypeBit(DType::kFloat8E4M3FN) | DTypeBit(DType::kFloat8E4M3FNUZ) |
    DTypeBit(DType::kFloat8E5M2) | DTypeBit(DType::kFloat8E5M2FNUZ);
// What byte-moving ops accept as ONNX widened their type lists: opset 19/20
// added float8, 21 int4/uint4, 23 float4e2m1, 24 float8e8m0, 25 int2/uint2.
constexpr uint64_t kFixedSizeTypes19 = kFixedSizeTypes | kFloat8Types;
constexpr uint64_t kFixedSizeTypes21 =
    kFixedSizeTypes19 | DTypeBit(DType::kInt4) | DTypeBit(DType::kUInt4);
constexpr uint64_t kFixedSizeTypes23 = kFixedSizeTypes21 | DTypeBit(DType::kFloat4E2M1);
constexpr uint64_t kFixedSizeTypes24 = kFixedSizeTypes23 | DTypeBit(DType::kFloat8E8M0);
constexpr uint64_t kFixedSizeTypes25 =
    kFixedSizeTypes24 | DTypeBit(DType::kInt2) | DTypeBit(DType::kUInt2);
// Numeric types with float16 and bfloat16, plus bool: the types whose values
// (not just bytes) these kernels read or write.
constexpr uint64_t kValueTypes = kNumericTypes | kHalfTypes | DTypeBit(DType::kBool);

// Row-major element strides of `dims`.
inline std::vector<int64_t> RowMajorStrides(const Dims& dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (size_t d = dims.size(); d-- > 1;) strides[d - 1] = strides[d] * dims[d];
  return strides;
}

// kInvalidArgument unless input `i` holds int32 or int64 indices.
inline Status ExpectIndexDType(const PrepareContext& ctx, size_t i, const char* role) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dtype != DType::kInt32 && v.dtype != DType::kInt64,
                  StatusCode::kInvalidArgument, role, " input '", v.name,
                  "' has the wrong dtype (expected int32 or int64, got ", DTypeName(v.dtype), ")");
  return Status::Ok();
}

// Element `k` of an int32 or int64 tensor, as int64.
inline int64_t IndexAt(const TensorView& t, int64_t k) {
  if (t.dtype == DType::kInt32) return t.data_as<const int32_t>()[k];
  return t.data_as<const int64_t>()[k];
}

// Like KnownInt64Input (copy.h), for inputs that ONNX lets be int32 or int64
// (Slice's starts, CenterCropPad's shape, Pad's axes).
inline Result<std::vector<int64_t>> KnownIndexInput(const PrepareContext& ctx, size_t i,
                                                    const char* role) {
  RETURN_IF_ERROR(ExpectIndexDType(ctx, i, role));
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dims.size() > 1, StatusCode::kInvalidArgument, role, " input '", v.name,
                  "' must be 1-D (expected rank 1, got shape ", DimsToString(v.dims), ")");
  const int64_t n = NumElements(v.dims);
  if (n == 0) return std::vector<int64_t>{};
  if (v.data == nullptr) return ctx.ValueRequired(i, role);
  std::vector<int64_t> values(n);
  const TensorView view{v.dtype, v.dims, const_cast<void*>(v.data)};
  for (int64_t k = 0; k < n; ++k) values[k] = IndexAt(view, k);
  return values;
}

// Element `k` of a numeric (or float16, bfloat16, bool) tensor as double.
inline Result<double> NumberAt(const TensorView& t, int64_t k) {
  double value = 0;
  RETURN_IF_ERROR(DispatchNumericOrHalf(t.dtype == DType::kBool ? DType::kUInt8 : t.dtype,
                                        [&](auto tag) {
                                          using T = decltype(tag);
                                          value = static_cast<double>(t.data_as<const T>()[k]);
                                          return Status::Ok();
                                        }));
  return value;
}

// The value of input `i`, a numeric scalar or 1-element tensor that decides
// an output shape (OneHot's depth, Range's limit), as double.
inline Result<double> KnownScalarInput(const PrepareContext& ctx, size_t i, const char* role) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(NumElements(v.dims) != 1 || v.dims.size() > 1, StatusCode::kInvalidArgument,
                  role, " input '", v.name,
                  "' must be a scalar or have one element (expected shape [] or [1], got ",
                  DimsToString(v.dims), ")");
  RETURN_ERROR_IF((kValueTypes & DTypeBit(v.dtype)) == 0, StatusCode::kInvalidArgument, role,
                  " input '", v.name, "' has the wrong dtype (expected a number, got ",
                  DTypeName(v.dtype), ")");
  if (v.data == nullptr) return ctx.ValueRequired(i, role);
  return NumberAt(TensorView{v.dtype, v.dims, const_cast<void*>(v.data)}, 0);
}

// `index` along an axis of `extent`, with negative values counting from the
// back; kInvalidArgument naming `what` ("indices[3]") when out of range.
inline Status NormalizeIndex(int64_t& index, int64_t extent, const char* what, int64_t position,
                             int64_t axis) {
  RETURN_ERROR_IF(index < -extent || index >= extent, StatusCode::kInvalidArgument, what, "[",
                  position, "] is out of range for axis ", axis, " of extent ", extent,
                  " (expected [", -extent, ", ", extent - 1, "], got ", index, ")");
  if (index < 0) index += extent;
  return Status::Ok();
}

// Copies the strided view of `in` with extents `dims` and element strides
// `strides` (negative ones walk backwards) to `out` in row-major order,
// advancing `out`. Recursion keeps Run free of allocation.
template <typename T>
void CopyStrided(const T* in, T*& out, const int64_t* dims, const int64_t* strides, size_t rank) {
  if (rank == 0) {
    *out++ = *in;
    return;
  }
  if (rank == 1) {
    for (int64_t j = 0; j < dims[0]; ++j) *out++ = in[j * strides[0]];
    return;
  }
  for (int64_t j = 0; j < dims[0]; ++j) {
    CopyStrided(in + j * strides[0], out, dims + 1, strides + 1, rank - 1);
  }
}

// A strided view of an input: what Slice, DepthToSpace and SpaceToDepth
// compute in Prepare and copy in Run.
struct StridedView {
  int64_t offset = 0;            // Element offset of the first element.
  Dims dims;                     // Extents, in output order.
  std::vector<int64_t> strides;  // Input element stride of each output dim.
};

// Run of the ops whose output is one StridedView of input 0 (held as the state).
inline Status RunStridedCopy(const RunContext& ctx) {
  const StridedView& v = ctx.state<StridedView>();
  if (NumElements(v.dims) == 0) return Status::Ok();
  return DispatchElementSize(DTypeSize(ctx.input(0).dtype), [&](auto tag) {
    using T = decltype(tag);
    T* out = ctx.output(0).data_as<T>();
    CopyStrided(ctx.input(0).data_as<const T>() + v.offset, out, v.dims.data(),
                v.strides.data(), v.dims.size());
    return Status::Ok();
  });
}

// The view of a row-major tensor reshaped to `dims` and then transposed by
// `perm` (output axis i is axis perm[i]): DepthToSpace and SpaceToDepth.
inline StridedView PermutedView(const Dims& dims, const std::vector<int>& perm) {
  const std::vector<int64_t> strides = RowMajorStrides(dims);
  StridedView view;
  for (int axis : perm) {
    view.dims.push_back(dims[axis]);
    view.strides.push_back(strides[axis]);
  }
  return view;
}

// Every output coordinate of every axis mapped to an input coordinate, or to
// -1 for "the fill value": how Pad and CenterCropPad gather.
struct CoordinateMaps {
  Dims out_dims;
  std::vector<int64_t> in_strides;
  std::vector<int64_t> out_blocks;         // Output elements below one index of each axis.
  std::vector<std::vector<int64_t>> maps;  // Per axis: input coordinate, or -1.
};

template <typename T>
void GatherMapped(const CoordinateMaps& m, size_t d, const T* in, T fill, T*& out) {
  const bool last = d + 1 == m.maps.size();
  for (int64_t o = 0; o < m.out_dims[d]; ++o) {
    const int64_t i = m.maps[d][o];
    if (i < 0) {
      for (int64_t k = 0; k < m.out_blocks[d]; ++k) *out++ = fill;
    } else if (last) {
      *out++ = in[i];
    } else {
      GatherMapped(m, d + 1, in + i * m.in_strides[d], fill, out);
    }
  }
}

// Fills `out` from `in` through `m`; `fill` points at one element (any bytes
// of the element's size), nullptr for zeros.
inline Status RunMapped(const TensorView& in, const TensorView& out, const CoordinateMaps& m,
                        const void* fill) {
  if (out.num_elements() == 0) return Status::Ok();
  return DispatchElementSize(DTypeSize(in.dtype), [&](auto tag) {
    using T = decltype(tag);
    T value{};
    if (fill != nullptr) std::memcpy(&value, fill, sizeof(T));
    T* dst = out.data_as<T>();
    if (m.maps.empty()) {
      *dst = *in.data_as<const T>();
    } else {
      GatherMapped(m, 0, in.data_as<const T>(), value, dst);
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
