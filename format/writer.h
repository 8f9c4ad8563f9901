#pragma once

// Building an .onyx file: the converter fills a FlatBufferBuilder and a
// DataSegment, then AssembleFile lays them out.

#include <cstdint>
#include <vector>

#include "format/format.h"

namespace onyx::format {

// The weights of a model, each placed on a 64-byte boundary.
class DataSegment {
 public:
  // Appends `size` bytes and returns the buffer's index.
  uint32_t Add(const void* data, uint64_t size);

  const std::vector<fb::Buffer>& buffers() const { return buffers_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<fb::Buffer> buffers_;
  std::vector<uint8_t> bytes_;
};

// The file's bytes: the size-prefixed FlatBuffer `builder` holds (finished
// with FinishSizePrefixed and the identifier), zero padding to 64 bytes, then
// the data segment.
std::vector<uint8_t> AssembleFile(const flatbuffers::FlatBufferBuilder& builder,
                                  const DataSegment& data);

}  // namespace onyx::format
