#pragma once

// KernelRunner: runs one kernel's Prepare then Run with no model, the way
// TFLM's kernel_runner does. Outputs are allocated with guard bytes on both
// sides; a kernel that writes outside its output fails the run. Outputs that
// Prepare declares dynamic are allocated when Run asks (AllocateOutput).

#include <string>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/host_tensor.h"

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
  // A tensor attribute; `value` must outlive the runner.
  KernelRunner& Attr(const std::string& name, const HostTensor& value);

  // Marks input `i` as a known constant (a weight): Prepare sees its data.
  KernelRunner& Constant(size_t i);
  // Number of outputs the node declares (default 1).
  KernelRunner& Outputs(size_t n);

  // Runs Prepare and Run. Absent optional inputs are HostTensors with
  // dtype kUndefined. Returns the outputs, or the first error.
  Result<std::vector<HostTensor>> Run(const std::vector<const HostTensor*>& inputs);
  Result<std::vector<HostTensor>> Run(const std::vector<HostTensor>& inputs);

 private:
  KernelLibrary library_;
  NodeInfo node_;
  std::vector<size_t> constant_inputs_;
  size_t num_outputs_ = 1;
};

}  // namespace onyx::kernels
