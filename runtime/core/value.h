#pragma once

// Values of ONNX's non-tensor types. A sequence of tensors travels through
// the runtime as a TensorView with dtype kSequence whose data points to a
// SequenceValue; an optional holding nothing as a TensorView with dtype
// kOptionalNone; an optional holding something is just that value. Value
// owns any of them, for outputs handed to callers and for control flow.

#include <memory>
#include <vector>

#include "runtime/core/host_tensor.h"

namespace onyx {

struct SequenceValue {
  DType elem_type = DType::kUndefined;
  std::vector<HostTensor> items;
};

inline bool IsTensorDType(DType dtype) { return dtype != DType::kSequence && dtype != DType::kOptionalNone; }

inline const SequenceValue& AsSequence(const TensorView& v) { return *static_cast<const SequenceValue*>(v.data); }

// A tensor, a sequence, or "none", owning its memory.
class Value {
 public:
  Value() = default;
  explicit Value(HostTensor tensor) : dtype_(tensor.dtype()), tensor_(std::move(tensor)) {}

  // Deep copy of whatever `v` holds.
  static Result<Value> CopyOf(const TensorView& v);

  DType dtype() const { return dtype_; }
  bool is_none() const { return dtype_ == DType::kOptionalNone; }
  bool is_sequence() const { return dtype_ == DType::kSequence; }
  const HostTensor& tensor() const { return tensor_; }
  HostTensor& tensor() { return tensor_; }
  const SequenceValue& sequence() const { return *sequence_; }
  // The view the runtime passes around (valid while this Value lives).
  TensorView view() const;

 private:
  DType dtype_ = DType::kOptionalNone;
  HostTensor tensor_;
  std::shared_ptr<SequenceValue> sequence_;
};

inline Result<Value> Value::CopyOf(const TensorView& v) {
  Value out;
  out.dtype_ = v.dtype;
  if (v.dtype == DType::kOptionalNone) return out;
  if (v.dtype == DType::kSequence) {
    out.sequence_ = std::make_shared<SequenceValue>(AsSequence(v));  // HostTensor copies deeply.
    return out;
  }
  ASSIGN_OR_RETURN(out.tensor_, HostTensor::CopyOf(v));
  return out;
}

inline TensorView Value::view() const {
  if (dtype_ == DType::kSequence) return TensorView{DType::kSequence, {}, sequence_.get()};
  if (dtype_ == DType::kOptionalNone) return TensorView{DType::kOptionalNone, {}, nullptr};
  return tensor_.view();
}

}  // namespace onyx
