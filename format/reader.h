#pragma once

// Reading an .onyx file from memory: everything is verified before use.

#include <cstddef>
#include <cstdint>

#include "format/format.h"
#include "runtime/core/status.h"

namespace onyx::format {

// A verified view of a file's bytes (which the caller keeps alive).
struct ModelView {
  const fb::Model* model = nullptr;
  const uint8_t* data_segment = nullptr;  // Start of the weights.
  uint64_t data_size = 0;

  // Bytes of buffers[index]; only valid for indices VerifyModel checked.
  const uint8_t* buffer_data(uint32_t index) const {
    return data_segment + model->buffers()->Get(index)->offset();
  }
};

// Checks, in order: length, size prefix, file identifier, format version, the
// FlatBuffer itself, then every index, offset and size against what it points
// into. Returns kInvalidModel (kUnsupported for a newer major version) with a
// message naming the first problem found. `data` must be 8-byte aligned (a
// page from mmap, or an aligned heap copy) and stay alive while the view is used.
Result<ModelView> VerifyModel(const uint8_t* data, size_t size);

}  // namespace onyx::format
