#pragma once

// Shared pieces of the sequence and optional kernels. Sequence values travel
// as views of dtype kSequence pointing to a SequenceValue (runtime/core/
// value.h). Every consumer of a sequence is prepared when the run reaches it
// (sequences are dynamic values), so Prepare sees the SequenceValue itself.

#include <cstring>

#include "kernels/api/kernel.h"
#include "runtime/core/value.h"

namespace onyx::kernels::ref {

// The sequence in input `i`, for Prepare; kInvalidArgument if it is not one.
inline Result<const SequenceValue*> SequenceInput(const PrepareContext& ctx, size_t i) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dtype != DType::kSequence, StatusCode::kInvalidArgument, "input '", v.name,
                  "' must be a sequence (got ", DTypeName(v.dtype), ")");
  if (v.data == nullptr) return ctx.ValueRequired(i, "sequence");
  return static_cast<const SequenceValue*>(v.data);
}

// A scalar integer input (int32 or int64) read as int64.
inline Result<int64_t> ScalarIndex(const ValueInfo& v) {
  RETURN_ERROR_IF((v.dtype != DType::kInt64 && v.dtype != DType::kInt32) || NumElements(v.dims) != 1,
                  StatusCode::kInvalidArgument, "input '", v.name, "' must be an int32 or int64 scalar (got ",
                  DTypeName(v.dtype), " ", DimsToString(v.dims), ")");
  RETURN_ERROR_IF(v.data == nullptr, StatusCode::kFailedPrecondition, "input '", v.name,
                  "' must be known when the node is prepared");
  return v.dtype == DType::kInt64 ? *static_cast<const int64_t*>(v.data)
                                  : static_cast<int64_t>(*static_cast<const int32_t*>(v.data));
}

// `position` normalized into [0, size) (or [0, size] with `allow_end`).
inline Result<int64_t> SequencePosition(int64_t position, int64_t size, bool allow_end) {
  const int64_t hi = allow_end ? size : size - 1;
  RETURN_ERROR_IF(position < -size || position > hi, StatusCode::kInvalidArgument, "position ", position,
                  " is out of range for a sequence of ", size, " (expected ", -size, " to ", hi, ")");
  return position < 0 ? position + size : position;
}

inline Result<HostTensor> CopyToHost(const TensorView& v) {
  ASSIGN_OR_RETURN(HostTensor t, HostTensor::Allocate(v.dtype, v.dims));
  if (v.nbytes()) std::memcpy(t.data(), v.data, v.nbytes());
  return t;
}

// Allocates output `i` as a new, empty sequence of `elem_type`.
inline Result<SequenceValue*> NewSequenceOutput(const RunContext& ctx, size_t i, DType elem_type) {
  ctx.output(i).dtype = DType::kSequence;
  RETURN_IF_ERROR(ctx.AllocateOutput(i, {}));
  auto* seq = static_cast<SequenceValue*>(ctx.output(i).data);
  seq->elem_type = elem_type;
  seq->items.clear();
  return seq;
}

// Copies a value of any kind (tensor, sequence, none) into output `i`, which
// Prepare declared dynamic.
inline Status CopyValueToOutput(const RunContext& ctx, size_t i, const TensorView& v) {
  TensorView& out = ctx.output(i);
  out.dtype = v.dtype;
  RETURN_IF_ERROR(ctx.AllocateOutput(i, v.dims));
  if (v.dtype == DType::kSequence) {
    *static_cast<SequenceValue*>(out.data) = AsSequence(v);
  } else if (v.nbytes()) {
    std::memcpy(out.data, v.data, v.nbytes());
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
