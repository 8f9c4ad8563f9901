#pragma once

// What every XNNPACK kernel shares: starting XNNPACK once, an owning handle
// for an operator, XNNPACK's status codes as onyx Status, declining a node
// (kUnsupported, so the next provider takes it), the checks Prepare uses to
// decide, and the locked setup-and-run of Run. The contract these serve is in
// README.md. Internal to kernels/xnnpack; never included outside it.

#include <xnnpack.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <string>
#include <utility>

#include "kernels/api/kernel.h"

namespace onyx::kernels::xnnpack {

// Starts XNNPACK once per process (std::call_once: thread-safe, cheap after
// the first call). kUnsupported when this processor cannot run it,
// kOutOfMemory when it could not allocate its tables. Every Prepare calls it
// (XnnPrepare does), and the session calls it through
// KernelLibrary::initialize.
Status Initialize();

// OK for xnn_status_success; otherwise an error naming `call` and the
// status: kUnsupported for parameters XNNPACK rejects (so a Prepare that
// returns it declines the node), kOutOfMemory, kInternal for the rest.
Status XnnStatus(xnn_status status, const char* call);

// "xnn_status_invalid_parameter" and so on.
const char* XnnStatusName(xnn_status status);

// The error of a Prepare that declines its node: kUnsupported with
// "XnnpackExecutionProvider declines: <why>".
template <typename... Args>
Status Decline(const Args&... why) {
  return MakeError(StatusCode::kUnsupported, "XnnpackExecutionProvider declines: ", why...);
}

// An XNNPACK operator, deleted with its owner (a kernel state). Movable, not
// copyable.
class Operator {
 public:
  Operator() = default;
  ~Operator() { Reset(); }
  Operator(Operator&& other) noexcept : op_(std::exchange(other.op_, nullptr)) {}
  Operator& operator=(Operator&& other) noexcept {
    if (this != &other) {
      Reset();
      op_ = std::exchange(other.op_, nullptr);
    }
    return *this;
  }
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  // For xnn_create_*(..., op.out()): deletes any operator held first.
  xnn_operator_t* out() {
    Reset();
    return &op_;
  }
  xnn_operator_t get() const { return op_; }
  explicit operator bool() const { return op_ != nullptr; }

 private:
  void Reset() {
    if (op_ != nullptr) xnn_delete_operator(op_);
    op_ = nullptr;
  }
  xnn_operator_t op_ = nullptr;
};

// The state of a kernel that runs one XNNPACK operator. A plan's kernel
// states serve every concurrent run of the session, and an XNNPACK operator
// holds the pointers of its last setup, so setup and run happen under
// `mutex` (concurrent runs take turns on this node; the session's thread pool
// serialises their parallel sections anyway).
struct OperatorState {
  Operator op;
  mutable std::mutex mutex;
};

// The session's pool as XNNPACK wants it.
inline pthreadpool_t ThreadPool(const RunContext& ctx) { return static_cast<pthreadpool_t>(ctx.threadpool); }

// Runs `setup(op, threadpool)` (an xnn_setup_* call returning xnn_status),
// then xnn_run_operator, holding `mutex`. Allocates nothing.
template <typename Setup>
Status SetupAndRun(const RunContext& ctx, const Operator& op, std::mutex& mutex, const char* setup_call, Setup setup) {
  pthreadpool_t pool = ThreadPool(ctx);
  std::lock_guard<std::mutex> lock(mutex);
  xnn_status status = setup(op.get(), pool);
  if (status != xnn_status_success) return XnnStatus(status, setup_call);
  status = xnn_run_operator(op.get(), pool);
  if (status != xnn_status_success) return XnnStatus(status, "xnn_run_operator");
  return Status::Ok();
}

// The same for an OperatorState.
template <typename Setup>
Status SetupAndRun(const RunContext& ctx, const OperatorState& state, const char* setup_call, Setup setup) {
  return SetupAndRun(ctx, state.op, state.mutex, setup_call, setup);
}

// Prepare's common first step: starts XNNPACK, and declines unless the
// node has between `min_inputs` and `max_inputs` inputs, exactly
// `num_outputs` outputs, and input 0 is a present float tensor of static,
// non-empty shape (XNNPACK operators take no empty tensors: the reference
// kernels handle those). Inputs beyond 0 are left to the kernel.
Status XnnPrepare(const PrepareContext& ctx, size_t min_inputs, size_t max_inputs, size_t num_outputs = 1);

// True when input `i` is present, float32, of static shape with no zero extent.
bool IsFloatTensor(const PrepareContext& ctx, size_t i);

// Input `i`'s value when it is a known constant (a weight), else nullptr.
inline const float* ConstantFloats(const PrepareContext& ctx, size_t i) {
  return ctx.has_input(i) && ctx.input(i).dtype == DType::kFloat32 ? static_cast<const float*>(ctx.input(i).data)
                                                                   : nullptr;
}

// Attribute readers that decline (kUnsupported) when the attribute is
// present with another type, leaving the error to the reference kernel.
Result<float> FloatAttr(const PrepareContext& ctx, const char* name, float fallback);
Result<int64_t> IntAttr(const PrepareContext& ctx, const char* name, int64_t fallback);
Result<std::string> StringAttr(const PrepareContext& ctx, const char* name, const std::string& fallback);

// Declines when the node has an attribute not in `known` (an attribute this
// kernel does not implement must not be ignored silently).
Status OnlyAttrs(const PrepareContext& ctx, std::initializer_list<const char*> known);

// Shapes for XNNPACK's N-dimensional operators: extents as size_t, at most
// XNN_MAX_TENSOR_DIMS. Filled in Run from a view (no allocation).
struct XnnShape {
  size_t rank = 0;
  size_t dims[XNN_MAX_TENSOR_DIMS] = {};
};
// False when `dims` has more than XNN_MAX_TENSOR_DIMS extents. A scalar
// becomes shape [1].
bool ToXnnShape(const Dims& dims, XnnShape* shape);

}  // namespace onyx::kernels::xnnpack
