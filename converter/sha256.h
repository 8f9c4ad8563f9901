#pragma once

// SHA-256 (FIPS 180-4), for the conversion record's source-model hash.

#include <cstddef>
#include <string>

namespace onyx::converter {

// Lower-case hex digest of `size` bytes at `data`.
std::string Sha256Hex(const void* data, size_t size);

}  // namespace onyx::converter
