#include "runtime/core/shape.h"

#include <limits>

namespace onyx {

Result<int64_t> CheckedNumElements(const Dims& dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    RETURN_ERROR_IF(d < 0, StatusCode::kInvalidArgument, "negative dimension ", d, " in shape ",
                    DimsToString(dims));
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d) {
      return MakeError(StatusCode::kOutOfMemory, "shape ", DimsToString(dims),
                       " has more elements than int64 can count");
    }
    n *= d;
  }
  return n;
}

int64_t NumElements(const Dims& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

std::string DimsToString(const Dims& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) s += ",";
    s += dims[i] < 0 ? "?" : std::to_string(dims[i]);
  }
  return s + "]";
}

Result<int> NormalizeAxis(int64_t axis, int rank) {
  RETURN_ERROR_IF(axis < -rank || axis >= rank || (rank == 0 && axis != 0), StatusCode::kInvalidArgument,
                  "axis ", axis, " is out of range for rank ", rank, " (expected [", -rank, ", ",
                  rank - 1, "])");
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

}  // namespace onyx
