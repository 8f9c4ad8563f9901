#pragma once

// Status and Result<T>: how every fallible function in runtime/, kernels/ and
// format/ reports failure. No exceptions cross these layers.

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace onyx {

// Grouped as ExecuTorch groups its errors; each code maps to one Python
// exception class (python/onyx/_errors.py).
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,     // A caller's value is wrong: name, dtype, rank, shape, option.
  kInvalidModel = 2,        // The model (.onnx or .onyx) is malformed or inconsistent.
  kNotFound = 3,            // A file, tensor, or kernel does not exist.
  kUnsupported = 4,         // Valid, but onyx does not implement it.
  kOutOfMemory = 5,         // An allocation failed or a size overflowed.
  kFailedPrecondition = 6,  // Called in the wrong state.
  kInternal = 7,            // A bug in onyx: an invariant did not hold.
  kDeviceError = 8,         // A GPU or driver call failed.
  kCancelled = 9,           // The caller asked the run to stop (RunOptions.terminate).
};

const char* StatusCodeName(StatusCode code);

// OK costs one null pointer; an error holds its code and message on the heap.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  // "INVALID_ARGUMENT: <message>", or "OK".
  std::string ToString() const;

  // Returns this error with "<context>: " in front of the message, so that each
  // layer adds where it was on the way out. OK stays OK.
  Status WithContext(const std::string& context) const;

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

// Concatenates anything that streams into std::ostream.
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

template <typename... Args>
Status MakeError(StatusCode code, const Args&... args) {
  return Status(code, StrCat(args...));
}

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "Result built from an OK status");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace onyx

#define ONYX_STATUS_CONCAT_INNER(a, b) a##b
#define ONYX_STATUS_CONCAT(a, b) ONYX_STATUS_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function if it is an error.
#define RETURN_IF_ERROR(expr)                    \
  do {                                           \
    ::onyx::Status onyx_status_ = (expr);        \
    if (!onyx_status_.ok()) return onyx_status_; \
  } while (0)

// `lhs = value of Result expr`, or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr)                                            \
  auto ONYX_STATUS_CONCAT(onyx_result_, __LINE__) = (expr);                    \
  if (!ONYX_STATUS_CONCAT(onyx_result_, __LINE__).ok())                        \
    return ONYX_STATUS_CONCAT(onyx_result_, __LINE__).status();                \
  lhs = std::move(ONYX_STATUS_CONCAT(onyx_result_, __LINE__)).value()

// Returns an error with code `code` and the streamed message if `cond` holds.
#define RETURN_ERROR_IF(cond, code, ...) \
  do {                                   \
    if (cond) return ::onyx::MakeError(code, __VA_ARGS__); \
  } while (0)
