#include "runtime/core/host_tensor.h"

namespace onyx {

Result<HostTensor> HostTensor::Allocate(DType dtype, Dims dims) {
  RETURN_ERROR_IF(DTypeSize(dtype) == 0, StatusCode::kUnsupported, "cannot allocate a tensor of dtype ",
                  DTypeName(dtype));
  ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(dims));
  RETURN_ERROR_IF(count > (int64_t{1} << 48) / static_cast<int64_t>(DTypeSize(dtype)),
                  StatusCode::kOutOfMemory, "tensor of shape ", DimsToString(dims), " is too large");
  size_t bytes = static_cast<size_t>(count) * DTypeSize(dtype);
  HostTensor t;
  ASSIGN_OR_RETURN(t.buffer_, AlignedBuffer::Allocate(bytes));
  std::memset(t.buffer_.data(), 0, bytes);
  t.view_.dtype = dtype;
  t.view_.dims = std::move(dims);
  t.view_.data = t.buffer_.data();
  return t;
}

HostTensor::HostTensor(const HostTensor& other) { *this = other; }

HostTensor& HostTensor::operator=(const HostTensor& other) {
  if (this == &other) return *this;
  if (other.view_.dtype == DType::kUndefined) {
    buffer_ = AlignedBuffer();
    view_ = TensorView();
    return *this;
  }
  // A copy of a tensor that already exists cannot overflow; allocation failure aborts.
  *this = Allocate(other.view_.dtype, other.view_.dims).value();
  if (other.nbytes()) std::memcpy(view_.data, other.view_.data, other.nbytes());
  return *this;
}

}  // namespace onyx
