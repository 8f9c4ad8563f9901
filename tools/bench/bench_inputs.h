#pragma once

// The tensors onyx-bench feeds: random (seeded) ones of the model's shapes,
// or given ones read from .npy or raw files; and outputs written as .npy.

#include <cstdint>
#include <map>
#include <string>

#include "runtime/core/host_tensor.h"
#include "runtime/session/session.h"

namespace onyx::bench {

// The shape to feed `io`: `given` (from --input-shape) when there is one,
// checked against the model's rank and fixed extents; else the model's, with
// each symbolic extent 1. kInvalidArgument names the input and the clash.
Result<Dims> ResolveShape(const IOInfo& io, const std::map<std::string, Dims>& given);

// A tensor of `dtype` and `dims` filled from a generator seeded with `seed`:
// floats uniform in [-1, 1), integers in [0, 100) (token-id-like, valid for
// Gather and Embedding tables of 100 rows or more), booleans 0/1.
// kUnsupported for strings and the packed or exotic types.
Result<HostTensor> RandomTensor(DType dtype, const Dims& dims, uint64_t seed);

// Reads a NumPy .npy file (format 1.0 to 3.0, little-endian, C order) of
// a numeric or bool dtype. kNotFound, kInvalidArgument (malformed header or
// size), kUnsupported (dtype, Fortran order) name the file.
Result<HostTensor> ReadNpy(const std::string& path);
// Reads a file of raw bytes that must hold exactly `dtype` x `dims`.
Result<HostTensor> ReadRaw(const std::string& path, DType dtype, const Dims& dims);
// Writes `tensor` as a .npy file (format 1.0). kUnsupported for dtypes NumPy
// has no plain type for (strings, bfloat16, ...).
Status WriteNpy(const std::string& path, const TensorView& tensor);

// `name` made safe as a file name: anything but [A-Za-z0-9._-] becomes '_'.
std::string FileNameFor(const std::string& name);

}  // namespace onyx::bench
