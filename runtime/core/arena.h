#pragma once

// AlignedBuffer: one heap block aligned for SIMD loads (64 bytes), the backing
// store of a planned arena and of tensors handed to callers.

#include <cstddef>
#include <cstdint>

#include "runtime/core/status.h"

namespace onyx {

constexpr size_t kTensorAlignment = 64;

inline size_t AlignUp(size_t n, size_t alignment = kTensorAlignment) {
  return (n + alignment - 1) / alignment * alignment;
}

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  ~AlignedBuffer();
  AlignedBuffer(AlignedBuffer&& other) noexcept;
  AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;

  // Allocates `size` bytes (contents uninitialized). kOutOfMemory on failure.
  static Result<AlignedBuffer> Allocate(size_t size);

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace onyx
