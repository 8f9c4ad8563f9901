#pragma once

// KernelRunner: runs one kernel's Prepare then Run with no model, the way
// TFLM's kernel_runner does. Outputs are allocated with guard bytes on both
// sides; a kernel that writes outside its output fails the run. Outputs that
// Prepare declares dynamic are allocated when Run asks (AllocateOutput).
// RunValues also takes and returns sequences and empty optionals.

#include <memory>
#include <string>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/host_tensor.h"
#include "runtime/core/value.h"

namespace onyx::kernels {

class KernelRunner {
 public:
  struct GuardedOutputs;

  KernelRunner(const KernelLibrary& library, std::string op_type, int opset);

  KernelRunner& Attr(const std::string& name, int64_t value);
  KernelRunner& Attr(const std::string& name, float value);
  KernelRunner& Attr(const std::string& name, const std::string& value);
  KernelRunner& Attr(const std::string& name, std::vector<int64_t> values);
  KernelRunner& Attr(const std::string& name, std::vector<float> values);
  KernelRunner& Attr(const std::string& name, std::vector<std::string> values);
  // A tensor attribute; `value` must outlive the runner.
  KernelRunner& Attr(const std::string& name, const HostTensor& value);

  // Marks input `i` as a known constant (a weight): Prepare sees its data.
  KernelRunner& Constant(size_t i);
  // Number of outputs the node declares (default 1).
  KernelRunner& Outputs(size_t n);
  // The pthreadpool_t Prepare and Run get (PrepareContext::threadpool),
  // as a session with several threads gives them; default none.
  KernelRunner& ThreadPool(void* pool);

  // Runs Prepare and Run. Absent optional inputs are HostTensors with
  // dtype kUndefined. Returns the outputs, or the first error, prefixed
  // with the node as the executor does ("node 'test_node' (#0, Op opset 7): ").
  Result<std::vector<HostTensor>> Run(const std::vector<const HostTensor*>& inputs);
  Result<std::vector<HostTensor>> Run(const std::vector<HostTensor>& inputs);

  // Like Run, for values of any kind (runtime/core/value.h): tensors,
  // sequences, empty optionals (a default Value). Prepare sees a sequence
  // input's items, as the executor prepares a sequence's consumer when the
  // run reaches it; a tensor's data only if marked Constant. A Value holding
  // a HostTensor of dtype kUndefined is an absent optional input.
  Result<std::vector<Value>> RunValues(const std::vector<Value>& inputs);

  // Prepare alone: the outputs' dtypes and shapes the kernel declares, or
  // its error. For a device provider's kernels on a machine without the
  // device (Prepare runs on the host).
  Result<std::vector<ValueInfo>> PrepareOnly(const std::vector<HostTensor>& inputs);

 private:
  Status Prepare(const std::vector<TensorView>& inputs, const KernelDef** def,
                 std::unique_ptr<PrepareContext>* prepare) const;
  Result<std::vector<Value>> RunViews(const std::vector<TensorView>& inputs);

  KernelLibrary library_;
  NodeInfo node_;
  std::vector<size_t> constant_inputs_;
  size_t num_outputs_ = 1;
  void* threadpool_ = nullptr;
};

// For RunValues: a sequence of copies of `items`, and an absent optional
// input (not the same as an empty optional, which is a default Value).
Value SequenceOf(DType elem_type, const std::vector<HostTensor>& items);
inline Value AbsentInput() { return Value(HostTensor()); }

}  // namespace onyx::kernels
