#include "format/strings.h"

#include <cstring>

namespace onyx::format {

std::vector<uint8_t> EncodeStrings(const StringRef* elements, size_t count) {
  size_t total = count * sizeof(uint64_t);
  for (size_t i = 0; i < count; ++i) total += elements[i].size;
  std::vector<uint8_t> out(total);
  uint8_t* lengths = out.data();
  uint8_t* bytes = out.data() + count * sizeof(uint64_t);
  for (size_t i = 0; i < count; ++i) {
    uint64_t n = elements[i].size;
    std::memcpy(lengths + i * sizeof(uint64_t), &n, sizeof(n));  // Little-endian hosts only.
    if (n) std::memcpy(bytes, elements[i].data, n);
    bytes += n;
  }
  return out;
}

Status DecodeStrings(const uint8_t* data, uint64_t size, size_t count, StringRef* elements,
                     const std::string& where) {
  RETURN_ERROR_IF(count > size / sizeof(uint64_t), StatusCode::kInvalidModel, where, ": ", size,
                  " bytes cannot hold the lengths of ", count, " strings");
  uint64_t offset = count * sizeof(uint64_t);
  for (size_t i = 0; i < count; ++i) {
    uint64_t n;
    std::memcpy(&n, data + i * sizeof(uint64_t), sizeof(n));
    RETURN_ERROR_IF(n > size - offset, StatusCode::kInvalidModel, where, ": string #", i, " of ", n,
                    " bytes runs past the end of its buffer");
    elements[i] = StringRef{reinterpret_cast<const char*>(data + offset), n};
    offset += n;
  }
  RETURN_ERROR_IF(offset != size, StatusCode::kInvalidModel, where, ": ", size - offset,
                  " bytes follow the last string");
  return Status::Ok();
}

}  // namespace onyx::format
