#pragma once

// Layout constants of the .onyx file and the generated FlatBuffers API.

#include <cstddef>
#include <cstdint>

#include "format/onyx_generated.h"

namespace onyx::format {

constexpr const char* kFileIdentifier = "ONYX";
// Bump the major version when an older reader could misread a new file.
constexpr uint32_t kFormatMajor = 1;
// Minor 1: Graph.regions and PlanProfile.regions (subgraph arenas inside the
// parent's); older readers ignore them and give subgraphs arenas of their own.
constexpr uint32_t kFormatMinor = 1;
constexpr size_t kDataAlignment = 64;

// The data segment starts at the first 64-byte boundary after the
// size-prefixed FlatBuffer of `flatbuffer_size` bytes (prefix excluded).
constexpr uint64_t DataSegmentStart(uint64_t flatbuffer_size) {
  return (sizeof(uint32_t) + flatbuffer_size + kDataAlignment - 1) / kDataAlignment * kDataAlignment;
}

}  // namespace onyx::format
