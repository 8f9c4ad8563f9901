#pragma once

// Decoding an ONNX TensorProto into bytes onyx can use in place.

#include <deque>
#include <string>

#include "onnx/onnx-ml.pb.h"
#include "runtime/core/arena.h"
#include "runtime/core/strings.h"
#include "runtime/core/tensor.h"

namespace onyx::converter {

// Decodes `proto` (raw_data, typed fields, or external data under `base_dir`)
// into a new buffer appended to `storage`; returns a view of it.
Result<TensorView> DecodeTensor(const onnx::TensorProto& proto, const std::string& base_dir,
                                std::deque<AlignedBuffer>* storage);

}  // namespace onyx::converter
