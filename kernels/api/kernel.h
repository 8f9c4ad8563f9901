#pragma once

// The kernel interface. A kernel is two plain functions:
//
//   Prepare (once per input-shape signature, at load or re-plan): validates
//   attributes, dtypes and shapes, sets every output's dtype and shape, and may
//   create persistent state and request scratch. It reads no input data except
//   inputs whose values are known ahead of time (weights, constants, values
//   the planner derived from shapes), exposed as ValueInfo::data.
//
//   Run (the hot path): computes outputs from inputs. It gets a RunContext,
//   which has no way to allocate; state and scratch are what Prepare asked for.
//
// Errors are Status values whose message says what was wrong with which input
// or attribute; the executor prefixes the node (name, index, op, opset).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernels/api/attributes.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/strings.h"
#include "runtime/core/tensor.h"

namespace onyx::kernels {

// What the graph says about the node being prepared.
struct NodeInfo {
  std::string name;
  std::string op_type;
  std::string domain;  // "" is the default ONNX domain.
  int opset = 0;       // The model's opset import for `domain`.
  int index = 0;       // Position in the graph's node list.
  Attributes attrs;

  // "node 'conv1' (#12, Conv opset 11)": the prefix of every error about it.
  std::string Where() const;
};

// What Prepare knows of one input or output.
struct ValueInfo {
  std::string name;
  bool present = false;        // False for an omitted optional input.
  DType dtype = DType::kUndefined;
  Dims dims;
  const void* data = nullptr;  // Known value (weight, constant) or nullptr.
  // The shape is only known when the producer runs (NonZero, Unique, or a
  // node downstream of one): `dims` is meaningless until then.
  bool dynamic = false;
};

// Opaque per-node state created in Prepare and read in Run.
using KernelState = std::unique_ptr<void, void (*)(void*)>;

class PrepareContext {
 public:
  PrepareContext(const NodeInfo& node, std::vector<ValueInfo> inputs, size_t num_outputs);

  const NodeInfo& node() const { return node_; }
  const Attributes& attrs() const { return node_.attrs; }

  size_t num_inputs() const { return inputs_.size(); }
  // True when input `i` exists and is not an omitted optional input.
  bool has_input(size_t i) const { return i < inputs_.size() && inputs_[i].present; }
  const ValueInfo& input(size_t i) const { return inputs_[i]; }

  size_t num_outputs() const { return outputs_.size(); }
  bool has_output(size_t i) const { return i < outputs_.size() && outputs_[i].present; }
  void SetOutput(size_t i, DType dtype, Dims dims);
  // Declares output `i` data-dependent (NonZero, Unique, TopK with a k known
  // only at run time): its dtype is known now, its shape only in Run, which
  // must call RunContext::AllocateOutput(i, dims) before writing it.
  void SetDynamicOutput(size_t i, DType dtype);
  const ValueInfo& output(size_t i) const { return outputs_[i]; }
  // The executor marks absent optional outputs before Prepare.
  void MarkOutputAbsent(size_t i) { outputs_[i].present = false; }

  // Creates the kernel's state object; Run reads it with RunContext::state<T>().
  template <typename T, typename... Args>
  T* EmplaceState(Args&&... args) {
    T* p = new T(std::forward<Args>(args)...);
    state_ = KernelState(p, [](void* q) { delete static_cast<T*>(q); });
    return p;
  }
  KernelState TakeState() { return std::move(state_); }

  // Asks for `bytes` of scratch memory, 64-byte aligned, valid during Run.
  void RequestScratch(size_t bytes) { scratch_bytes_ = bytes; }
  size_t scratch_bytes() const { return scratch_bytes_; }

  // Says that Run never reads input `i`'s bytes (Reshape's shape, Slice's
  // starts: values Prepare took in): a device provider's node then needs
  // no copy of it on the device. Inputs 0 to 63.
  void SkipInputInRun(size_t i) {
    if (i < 64) unread_inputs_ |= uint64_t{1} << i;
  }
  uint64_t unread_inputs() const { return unread_inputs_; }

  // The session's thread pool: a pthreadpool_t, or nullptr when the session
  // runs on one thread (and in the planner's and converter's own Prepare
  // calls). The pool outlives every kernel state of the session, so a kernel
  // may size per-thread work by it here; Run gets the same pool
  // (RunContext::threadpool). Set by the executor.
  void* threadpool() const { return threadpool_; }
  void set_threadpool(void* threadpool) { threadpool_ = threadpool; }

  // For Prepare functions whose output shape depends on the value of input
  // `i` (Reshape's shape) when that value is not known (ValueInfo::data is
  // nullptr): returns kFailedPrecondition, which tells the session to plan
  // again with the values of small integer graph inputs known.
  Status ValueRequired(size_t i, const char* role) const;

  // Checks used by most kernels; each returns kInvalidArgument naming the input.
  Status ExpectInputCount(size_t min, size_t max) const;
  Status ExpectRank(size_t i, int min_rank, int max_rank) const;

 private:
  const NodeInfo& node_;
  std::vector<ValueInfo> inputs_;
  std::vector<ValueInfo> outputs_;
  KernelState state_{nullptr, [](void*) {}};
  size_t scratch_bytes_ = 0;
  uint64_t unread_inputs_ = 0;
  void* threadpool_ = nullptr;
};

// Gives a data-dependent output its shape and memory (see RunContext).
using AllocateOutputFn = Status (*)(void* allocator, size_t output, const Dims& dims, TensorView* view);

// What Run gets. Absent optional inputs are nullptr.
struct RunContext {
  const NodeInfo* node = nullptr;
  Span<const TensorView* const> inputs;
  Span<TensorView* const> outputs;
  const void* state_ptr = nullptr;
  void* scratch = nullptr;
  size_t scratch_bytes = 0;
  // The session's pthreadpool_t (nullptr: run on the calling thread), the
  // same pool Prepare saw. Several runs of one session may use it at once;
  // pthreadpool serialises their parallel sections. Kernels pass it to
  // XNNPACK's setup and run calls, or parallelise with pthreadpool_parallelize_*.
  void* threadpool = nullptr;

  template <typename T>
  const T& state() const {
    return *static_cast<const T*>(state_ptr);
  }
  const TensorView& input(size_t i) const { return *inputs[i]; }
  bool has_input(size_t i) const { return i < inputs.size() && inputs[i] != nullptr; }
  TensorView& output(size_t i) const { return *outputs[i]; }

  // For an output Prepare declared dynamic: sets its shape and points it at
  // memory that stays valid for the rest of the run. The only allocation Run
  // may make, and only for such outputs. kOutOfMemory on failure.
  Status AllocateOutput(size_t i, const Dims& dims) const;

  // For kernels whose outputs are strings they compose (StringConcat,
  // Cast to string...): keeps a copy of `s` for the rest of the run.
  // Strings copied from an input need no new bytes: copy the StringRef.
  Result<StringRef> NewString(std::string_view s) const;

  AllocateOutputFn allocate_output = nullptr;
  void* allocator = nullptr;
  StringStore* strings = nullptr;  // The run's string bytes.

  // For kernels of a provider whose tensors live on a device
  // (KernelLibrary::device): the workspace's context (DeviceApi::
  // create_context), e.g. its CUDA stream and cuBLAS handle. Inputs,
  // outputs and scratch are then device pointers; Run only enqueues work.
  void* device_context = nullptr;
};

using PrepareFn = Status (*)(PrepareContext& ctx);
using RunFn = Status (*)(const RunContext& ctx);

// One registration. A node matches when domain and op type are equal, the
// model's opset lies in [since_version, until_version], and the dtype of the
// first input (or of the output for nodes without inputs) is in `dtypes`
// (0: any). Prepare still validates every detail.
struct KernelDef {
  const char* domain;
  const char* op_type;
  int since_version;
  int until_version;
  uint64_t dtypes;
  PrepareFn prepare;
  RunFn run;
};

constexpr int kLatestOpset = 1 << 30;

// Memory of a provider that keeps its tensors on a device (CUDA): how the
// executor allocates it and copies to and from it. The executor gives each
// workspace one context (a stream, library handles), one device arena
// mirroring the host arena's offsets, device scratch and staging for the
// graph inputs device nodes read; weights device nodes read are copied once
// per plan. All allocation happens when a plan or workspace is made, never
// in Run.
struct DeviceApi {
  const char* name;  // "cuda": the device_type of IOBinding and OrtValue.
  Status (*create_context)(void** context);
  void (*destroy_context)(void* context);
  // 256-byte aligned at least; `bytes` may be 0 (any pointer, released too).
  Status (*allocate)(size_t bytes, void** ptr);
  void (*release)(void* ptr);
  // Copies ordered with the context's kernels (nullptr: the default
  // stream, synchronously). copy_to_device may return before the copy is
  // done but after `src` may be reused; copy_to_host returns once `dst` holds
  // the bytes.
  Status (*copy_to_device)(void* context, void* dst, const void* src, size_t bytes);
  Status (*copy_to_host)(void* context, void* dst, const void* src, size_t bytes);
  // Waits for everything enqueued on the context.
  Status (*synchronize)(void* context);
};

// A provider option (a key of ONNX Runtime's provider_options) that a
// provider accepts; the session refuses any other.
struct ProviderOptionDef {
  const char* name;
  const char* meaning;  // One line, for error messages and documentation.
};

// A provider's kernel table, in the order given by its registry.cc.
//
// A node runs on the first provider of the session's list with a kernel
// whose Prepare accepts it: a Prepare that returns kUnsupported (an
// attribute, dtype, shape or non-constant weight the provider cannot take)
// hands the node to the next provider's kernel; any other error is the
// node's error. The last provider (the reference kernels) decides.
struct KernelLibrary {
  const char* provider;  // ONNX Runtime's name, e.g. "CPUExecutionProvider".
  Span<const KernelDef> kernels;
  // Called by a session that uses this provider, before it plans anything
  // (may be called many times; must be thread-safe). An error means the
  // provider cannot run on this machine: a session asked for it by name
  // fails with that error, one that chose it by default leaves it out.
  // nullptr: nothing to set up.
  Status (*initialize)() = nullptr;
  // The provider options it accepts (SessionOptions::provider_options).
  Span<const ProviderOptionDef> options;
  // nullptr: its kernels read and write host memory. Otherwise every
  // tensor its kernels see is device memory of this API (see DeviceApi).
  const DeviceApi* device = nullptr;
};

// First kernel of `library` matching (domain, op_type, opset, dtype), or nullptr.
const KernelDef* FindKernel(const KernelLibrary& library, const std::string& domain,
                            const std::string& op_type, int opset, DType first_input_dtype);

// The matching kernel of each library that has one, in the libraries'
// order: the candidates a node is prepared with in turn.
std::vector<const KernelDef*> FindKernels(Span<const KernelLibrary> libraries, const std::string& domain,
                                          const std::string& op_type, int opset, DType first_input_dtype);

}  // namespace onyx::kernels
