#include "runtime/core/arena.h"

#include <cstdlib>
#include <new>
#include <utility>

namespace onyx {

AlignedBuffer::~AlignedBuffer() { std::free(data_); }

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Result<AlignedBuffer> AlignedBuffer::Allocate(size_t size) {
  AlignedBuffer buffer;
  // aligned_alloc needs a multiple of the alignment, and a non-zero size.
  void* p = std::aligned_alloc(kTensorAlignment, AlignUp(size == 0 ? 1 : size));
  RETURN_ERROR_IF(p == nullptr, StatusCode::kOutOfMemory, "cannot allocate ", size, " bytes");
  buffer.data_ = static_cast<uint8_t*>(p);
  buffer.size_ = size;
  return buffer;
}

}  // namespace onyx
