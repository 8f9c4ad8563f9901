#pragma once

// How a string tensor (a weight, or a tensor attribute such as Constant's
// value) is stored in the data segment: the byte lengths of its n elements as
// little-endian uint64, then the elements' bytes, concatenated. The runtime
// points StringRefs into the mapped bytes (no copy).

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/core/strings.h"

namespace onyx::format {

std::vector<uint8_t> EncodeStrings(const StringRef* elements, size_t count);

// Points `elements[0..count)` into `data`. kInvalidModel, naming `where`,
// when the bytes do not hold exactly `count` strings.
Status DecodeStrings(const uint8_t* data, uint64_t size, size_t count, StringRef* elements,
                     const std::string& where);

}  // namespace onyx::format
