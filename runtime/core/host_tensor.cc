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
  if (dtype == DType::kString) t.strings_ = std::make_shared<StringStore>();
  return t;
}

Result<HostTensor> HostTensor::CopyOf(const TensorView& view) {
  ASSIGN_OR_RETURN(HostTensor t, Allocate(view.dtype, view.dims));
  if (view.dtype == DType::kString) {
    const StringRef* src = static_cast<const StringRef*>(view.data);
    for (int64_t i = 0; i < view.num_elements(); ++i) t.SetString(i, src[i].view());
  } else if (view.nbytes()) {
    std::memcpy(t.view_.data, view.data, view.nbytes());
  }
  return t;
}

HostTensor HostTensor::FromStrings(Dims dims, const std::vector<std::string>& values) {
  HostTensor t = Allocate(DType::kString, std::move(dims)).value();
  if (static_cast<int64_t>(values.size()) != t.view_.num_elements()) std::abort();
  for (size_t i = 0; i < values.size(); ++i) t.SetString(static_cast<int64_t>(i), values[i]);
  return t;
}

std::vector<std::string> HostTensor::strings() const {
  std::vector<std::string> out;
  const StringRef* refs = static_cast<const StringRef*>(view_.data);
  for (int64_t i = 0; i < view_.num_elements(); ++i) out.emplace_back(refs[i].view());
  return out;
}

void HostTensor::SetString(int64_t i, std::string_view s) {
  static_cast<StringRef*>(view_.data)[i] = strings_->Store(s);
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
  *this = CopyOf(other.view_).value();
  return *this;
}

}  // namespace onyx
