#pragma once

// Shapes are vectors of int64 extents. In a planned graph every extent is
// known (>= 0); in a model's declared signature -1 marks a symbolic dimension.

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace onyx {

using Dims = std::vector<int64_t>;

// Product of the extents; kInvalidArgument for a negative extent and
// kOutOfMemory when the product overflows int64.
Result<int64_t> CheckedNumElements(const Dims& dims);
// Product of the extents of a shape already known to be valid.
int64_t NumElements(const Dims& dims);
// "[1,3,224,224]"; -1 prints as "?".
std::string DimsToString(const Dims& dims);
// Normalizes a possibly negative axis into [0, rank); kInvalidArgument if out of range.
Result<int> NormalizeAxis(int64_t axis, int rank);

}  // namespace onyx
