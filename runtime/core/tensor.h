#pragma once

// TensorView: a typed, shaped window on bytes owned elsewhere (the arena, a
// weight in the mapped file, a caller's buffer). Views never own memory.

#include <cstddef>
#include <cstdint>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"

namespace onyx {

struct TensorView {
  DType dtype = DType::kUndefined;
  Dims dims;
  void* data = nullptr;

  int64_t num_elements() const { return NumElements(dims); }
  size_t nbytes() const { return static_cast<size_t>(num_elements()) * DTypeSize(dtype); }
  int rank() const { return static_cast<int>(dims.size()); }

  template <typename T>
  T* data_as() const {
    return static_cast<T*>(data);
  }
};

}  // namespace onyx
