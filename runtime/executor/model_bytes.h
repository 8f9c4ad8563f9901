#pragma once

// The bytes of an .onyx file, kept alive for as long as a model uses them:
// a read-only mmap of a file, an aligned copy, or a caller's buffer.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/core/arena.h"
#include "runtime/core/status.h"

namespace onyx::executor {

class ModelBytes {
 public:
  ~ModelBytes();
  ModelBytes(const ModelBytes&) = delete;
  ModelBytes& operator=(const ModelBytes&) = delete;

  // Maps `path` read-only. kNotFound if it cannot be opened.
  static Result<std::shared_ptr<const ModelBytes>> Map(const std::string& path);
  // Copies `size` bytes into an aligned buffer owned by the result.
  static Result<std::shared_ptr<const ModelBytes>> Copy(const void* data, size_t size);
  // Uses the caller's buffer in place; it must be 8-byte aligned and outlive
  // every session made from it. kInvalidArgument if misaligned.
  static Result<std::shared_ptr<const ModelBytes>> Borrow(const void* data, size_t size);

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  ModelBytes() = default;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // munmap target when mapped.
  AlignedBuffer copy_;
};

}  // namespace onyx::executor
