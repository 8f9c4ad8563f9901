#pragma once

// HostTensor: a tensor that owns its bytes in host memory (64-byte aligned).
// Sessions return outputs as HostTensors; tests build inputs with From().
// A string tensor also owns the bytes of its strings (strings.h).

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "runtime/core/arena.h"
#include "runtime/core/strings.h"
#include "runtime/core/tensor.h"

namespace onyx {

class HostTensor {
 public:
  HostTensor() = default;
  HostTensor(HostTensor&&) noexcept = default;
  HostTensor& operator=(HostTensor&&) noexcept = default;
  // Copies are deep, so that brace-initialized lists of tensors work in tests.
  HostTensor(const HostTensor& other);
  HostTensor& operator=(const HostTensor& other);

  // Allocates a tensor of `dtype` and `dims`, zero-filled (empty strings).
  static Result<HostTensor> Allocate(DType dtype, Dims dims);
  // A deep copy of `view`, strings included.
  static Result<HostTensor> CopyOf(const TensorView& view);
  // A string tensor holding `values`. Aborts if the counts disagree.
  static HostTensor FromStrings(Dims dims, const std::vector<std::string>& values);

  // Test and example helper: a tensor holding `values`. Aborts if the counts
  // disagree (a programming error, never user input).
  template <typename T>
  static HostTensor From(Dims dims, const std::vector<T>& values) {
    HostTensor t = Allocate(DTypeOf<T>::value, std::move(dims)).value();
    if (static_cast<int64_t>(values.size()) != t.view_.num_elements()) std::abort();
    if (!values.empty()) std::memcpy(t.view_.data, values.data(), values.size() * sizeof(T));
    return t;
  }

  template <typename T>
  std::vector<T> values() const {
    const T* p = static_cast<const T*>(view_.data);
    return std::vector<T>(p, p + view_.num_elements());
  }

  // The elements of a string tensor, copied out.
  std::vector<std::string> strings() const;
  // Points element `i` of this string tensor at a copy of `s` this tensor owns.
  void SetString(int64_t i, std::string_view s);

  DType dtype() const { return view_.dtype; }
  const Dims& dims() const { return view_.dims; }
  void* data() const { return view_.data; }
  size_t nbytes() const { return view_.nbytes(); }
  const TensorView& view() const { return view_; }

 private:
  AlignedBuffer buffer_;
  TensorView view_;
  std::shared_ptr<StringStore> strings_;  // String tensors: the bytes of the elements.
};

}  // namespace onyx
