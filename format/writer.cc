#include "format/writer.h"

#include <cstring>

namespace onyx::format {

uint32_t DataSegment::Add(const void* data, uint64_t size) {
  uint64_t offset = (bytes_.size() + kDataAlignment - 1) / kDataAlignment * kDataAlignment;
  bytes_.resize(offset + size, 0);
  if (size) std::memcpy(bytes_.data() + offset, data, size);
  buffers_.emplace_back(offset, size);
  return static_cast<uint32_t>(buffers_.size() - 1);
}

std::vector<uint8_t> AssembleFile(const flatbuffers::FlatBufferBuilder& builder,
                                  const DataSegment& data) {
  // GetSize() includes the 4-byte size prefix.
  uint64_t flatbuffer_size = builder.GetSize() - sizeof(uint32_t);
  uint64_t start = DataSegmentStart(flatbuffer_size);
  std::vector<uint8_t> file(start + data.bytes().size(), 0);
  std::memcpy(file.data(), builder.GetBufferPointer(), builder.GetSize());
  if (!data.bytes().empty()) std::memcpy(file.data() + start, data.bytes().data(), data.bytes().size());
  return file;
}

}  // namespace onyx::format
