#include "kernels/api/kernel_runner.h"

#include <algorithm>
#include <cstring>

namespace onyx::kernels {
namespace {

constexpr size_t kGuardBytes = 64;
constexpr uint8_t kGuardValue = 0xA5;

}  // namespace

// Output buffers with guard bytes on both sides, one per output.
struct KernelRunner::GuardedOutputs {
  std::vector<AlignedBuffer> storage;

  static Status Allocate(GuardedOutputs* self, size_t i, const Dims& dims, TensorView* view) {
    RETURN_ERROR_IF(self->storage[i].data() != nullptr, StatusCode::kInternal, "output #", i,
                    " allocated twice");
    ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(dims));
    size_t bytes = static_cast<size_t>(count) * DTypeSize(view->dtype);
    ASSIGN_OR_RETURN(AlignedBuffer b, AlignedBuffer::Allocate(bytes + 2 * kGuardBytes));
    std::memset(b.data(), kGuardValue, bytes + 2 * kGuardBytes);
    view->dims = dims;
    view->data = b.data() + kGuardBytes;
    self->storage[i] = std::move(b);
    return Status::Ok();
  }
};

KernelRunner::KernelRunner(const KernelLibrary& library, std::string op_type, int opset)
    : library_(library) {
  node_.name = "test_node";
  node_.op_type = std::move(op_type);
  node_.opset = opset;
}

KernelRunner& KernelRunner::Attr(const std::string& name, int64_t value) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kInt;
  a.i = value;
  node_.attrs.Add(std::move(a));
  return *this;
}

KernelRunner& KernelRunner::Attr(const std::string& name, float value) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kFloat;
  a.f = value;
  node_.attrs.Add(std::move(a));
  return *this;
}

KernelRunner& KernelRunner::Attr(const std::string& name, const std::string& value) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kString;
  a.s = value;
  node_.attrs.Add(std::move(a));
  return *this;
}

KernelRunner& KernelRunner::Attr(const std::string& name, std::vector<int64_t> values) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kInts;
  a.ints = std::move(values);
  node_.attrs.Add(std::move(a));
  return *this;
}

KernelRunner& KernelRunner::Attr(const std::string& name, std::vector<float> values) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kFloats;
  a.floats = std::move(values);
  node_.attrs.Add(std::move(a));
  return *this;
}

KernelRunner& KernelRunner::Attr(const std::string& name, const HostTensor& value) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kTensor;
  a.tensor = value.view();
  node_.attrs.Add(std::move(a));
  return *this;
}

KernelRunner& KernelRunner::Constant(size_t i) {
  constant_inputs_.push_back(i);
  return *this;
}

KernelRunner& KernelRunner::Outputs(size_t n) {
  num_outputs_ = n;
  return *this;
}

Result<std::vector<HostTensor>> KernelRunner::Run(const std::vector<HostTensor>& inputs) {
  std::vector<const HostTensor*> pointers;
  for (const HostTensor& t : inputs) pointers.push_back(&t);
  return Run(pointers);
}

Result<std::vector<HostTensor>> KernelRunner::Run(const std::vector<const HostTensor*>& inputs) {
  DType first = inputs.empty() ? DType::kUndefined : inputs[0]->dtype();
  const KernelDef* def = FindKernel(library_, node_.domain, node_.op_type, node_.opset, first);
  RETURN_ERROR_IF(def == nullptr, StatusCode::kNotFound, "no kernel for ", node_.op_type, " opset ",
                  node_.opset, " dtype ", DTypeName(first), " in ", library_.provider);

  std::vector<ValueInfo> infos(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    infos[i].name = "input" + std::to_string(i);
    infos[i].present = inputs[i]->dtype() != DType::kUndefined;
    infos[i].dtype = inputs[i]->dtype();
    infos[i].dims = inputs[i]->dims();
    bool constant = std::find(constant_inputs_.begin(), constant_inputs_.end(), i) !=
                    constant_inputs_.end();
    infos[i].data = constant ? inputs[i]->data() : nullptr;
  }
  PrepareContext prepare(node_, std::move(infos), num_outputs_);
  RETURN_IF_ERROR(def->prepare(prepare));
  KernelState state = prepare.TakeState();

  // Each output sits between two guard regions inside one larger buffer;
  // dynamic outputs get theirs when the kernel calls AllocateOutput.
  GuardedOutputs outputs;
  outputs.storage.resize(num_outputs_);
  std::vector<TensorView> out_views(num_outputs_);
  for (size_t i = 0; i < num_outputs_; ++i) {
    const ValueInfo& o = prepare.output(i);
    out_views[i].dtype = o.dtype;
    if (o.dynamic) continue;
    RETURN_IF_ERROR(GuardedOutputs::Allocate(&outputs, i, o.dims, &out_views[i]));
  }
  ASSIGN_OR_RETURN(AlignedBuffer scratch, AlignedBuffer::Allocate(prepare.scratch_bytes()));

  std::vector<TensorView> in_views(inputs.size());
  std::vector<const TensorView*> in_ptrs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    in_views[i] = inputs[i]->view();
    in_ptrs[i] = inputs[i]->dtype() == DType::kUndefined ? nullptr : &in_views[i];
  }
  std::vector<TensorView*> out_ptrs(num_outputs_);
  for (size_t i = 0; i < num_outputs_; ++i) out_ptrs[i] = &out_views[i];

  RunContext run;
  run.node = &node_;
  run.inputs = Span<const TensorView* const>(in_ptrs.data(), in_ptrs.size());
  run.outputs = Span<TensorView* const>(out_ptrs.data(), out_ptrs.size());
  run.state_ptr = state.get();
  run.scratch = scratch.data();
  run.scratch_bytes = prepare.scratch_bytes();
  run.allocate_output = [](void* allocator, size_t i, const Dims& dims, TensorView* view) {
    return GuardedOutputs::Allocate(static_cast<GuardedOutputs*>(allocator), i, dims, view);
  };
  run.allocator = &outputs;
  RETURN_IF_ERROR(def->run(run));

  std::vector<HostTensor> results;
  for (size_t i = 0; i < num_outputs_; ++i) {
    RETURN_ERROR_IF(outputs.storage[i].data() == nullptr, StatusCode::kInternal, "dynamic output #", i,
                    " was never allocated by Run");
    const uint8_t* base = outputs.storage[i].data();
    size_t bytes = out_views[i].nbytes();
    for (size_t g = 0; g < kGuardBytes; ++g) {
      RETURN_ERROR_IF(base[g] != kGuardValue || base[kGuardBytes + bytes + g] != kGuardValue,
                      StatusCode::kInternal, "kernel wrote outside output #", i);
    }
    ASSIGN_OR_RETURN(HostTensor t, HostTensor::Allocate(out_views[i].dtype, out_views[i].dims));
    if (bytes) std::memcpy(t.data(), out_views[i].data, bytes);
    results.push_back(std::move(t));
  }
  return results;
}

}  // namespace onyx::kernels
