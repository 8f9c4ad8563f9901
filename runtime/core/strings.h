#pragma once

// String tensors. An element of a tensor of dtype kString is a StringRef: a
// pointer and a length (ONNX strings are byte strings, UTF-8 by convention).
// Being fixed-size, string tensors are planned, sliced, gathered and copied
// like any other tensor; copying one copies the references, not the bytes.
//
// The bytes live elsewhere, for as long as the tensor is read:
//   - weights: in the mapped .onyx file (see format/strings.h);
//   - strings a kernel makes: in the run's StringStore (RunContext::NewString),
//     valid until the session's next run with the same workspace;
//   - HostTensors: in the tensor's own StringStore (HostTensor::FromStrings,
//     copies of HostTensors and HostTensor::CopyOf always own their bytes).

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "runtime/core/dtype.h"

namespace onyx {

struct StringRef {
  const char* data = nullptr;
  uint64_t size = 0;

  std::string_view view() const { return std::string_view(data, static_cast<size_t>(size)); }
};

static_assert(sizeof(StringRef) == 16, "string elements are 16 bytes (DTypeSize(kString))");

template <> struct DTypeOf<StringRef> { static constexpr DType value = DType::kString; };

// Owns the bytes of strings; a string keeps its address until Clear().
class StringStore {
 public:
  StringRef Store(std::string_view s) {
    const std::string& kept = strings_.emplace_back(s);  // deque: earlier elements never move.
    return StringRef{kept.data(), kept.size()};
  }
  void Clear() { strings_.clear(); }

 private:
  std::deque<std::string> strings_;
};

}  // namespace onyx
