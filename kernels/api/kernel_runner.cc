#include "kernels/api/kernel_runner.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

namespace onyx::kernels {
namespace {

constexpr size_t kGuardBytes = 64;
constexpr uint8_t kGuardValue = 0xA5;

// Device memory and a context of a DeviceApi, released together.
class DeviceScope {
 public:
  explicit DeviceScope(const DeviceApi* api) : api_(api) {}
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;
  ~DeviceScope() {
    if (context_ != nullptr) {
      (void)api_->synchronize(context_);
      api_->destroy_context(context_);
    }
    for (void* p : blocks_) api_->release(p);
  }
  Status Start() { return api_->create_context(&context_); }
  void* context() const { return context_; }
  Result<uint8_t*> Allocate(size_t bytes) {
    void* p = nullptr;
    RETURN_IF_ERROR(api_->allocate(bytes, &p));
    blocks_.push_back(p);
    return static_cast<uint8_t*>(p);
  }

 private:
  const DeviceApi* api_;
  void* context_ = nullptr;
  std::vector<void*> blocks_;
};

}  // namespace

// Output buffers with guard bytes on both sides, one per output. A sequence
// output gets a SequenceValue the runner owns; an empty optional, nothing.
struct KernelRunner::GuardedOutputs {
  std::vector<AlignedBuffer> storage;
  std::vector<std::unique_ptr<SequenceValue>> sequences;
  std::vector<bool> allocated;

  static Status Allocate(GuardedOutputs* self, size_t i, const Dims& dims, TensorView* view) {
    RETURN_ERROR_IF(self->allocated[i], StatusCode::kInternal, "output #", i, " allocated twice");
    self->allocated[i] = true;
    if (view->dtype == DType::kSequence) {
      self->sequences[i] = std::make_unique<SequenceValue>();
      view->dims.clear();
      view->data = self->sequences[i].get();
      return Status::Ok();
    }
    if (view->dtype == DType::kOptionalNone) {
      view->dims.clear();
      view->data = nullptr;
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(dims));
    size_t bytes = static_cast<size_t>(count) * DTypeSize(view->dtype);
    ASSIGN_OR_RETURN(AlignedBuffer b, AlignedBuffer::Allocate(bytes + 2 * kGuardBytes));
    std::memset(b.data(), kGuardValue, bytes + 2 * kGuardBytes);
    view->dims = dims;
    view->data = b.data() + kGuardBytes;
    self->storage[i] = std::move(b);
    return Status::Ok();
  }

  // Output `i` as a Value the caller owns, after checking its guard bytes.
  Result<Value> Take(size_t i, const TensorView& view) const {
    RETURN_ERROR_IF(!allocated[i], StatusCode::kInternal, "dynamic output #", i,
                    " was never allocated by Run");
    if (!IsTensorDType(view.dtype)) return Value::CopyOf(view);
    const uint8_t* base = storage[i].data();
    const size_t bytes = view.nbytes();
    for (size_t g = 0; g < kGuardBytes; ++g) {
      RETURN_ERROR_IF(base[g] != kGuardValue || base[kGuardBytes + bytes + g] != kGuardValue,
                      StatusCode::kInternal, "kernel wrote outside output #", i);
    }
    ASSIGN_OR_RETURN(HostTensor t, HostTensor::CopyOf(view));
    return Value(std::move(t));
  }
};

Value SequenceOf(DType elem_type, const std::vector<HostTensor>& items) {
  SequenceValue seq;
  seq.elem_type = elem_type;
  seq.items = items;
  // Copying a sequence cannot fail: it copies host tensors, whose allocation aborts on failure.
  return Value::CopyOf(TensorView{DType::kSequence, {}, &seq}).value();
}

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

KernelRunner& KernelRunner::Attr(const std::string& name, std::vector<std::string> values) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kStrings;
  a.strings = std::move(values);
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

KernelRunner& KernelRunner::ThreadPool(void* pool) {
  threadpool_ = pool;
  return *this;
}

Result<std::vector<HostTensor>> KernelRunner::Run(const std::vector<HostTensor>& inputs) {
  std::vector<const HostTensor*> pointers;
  for (const HostTensor& t : inputs) pointers.push_back(&t);
  return Run(pointers);
}

Result<std::vector<HostTensor>> KernelRunner::Run(const std::vector<const HostTensor*>& inputs) {
  std::vector<TensorView> views;
  for (const HostTensor* t : inputs) views.push_back(t->view());
  ASSIGN_OR_RETURN(std::vector<Value> values, RunViews(views));
  std::vector<HostTensor> results;
  for (size_t i = 0; i < values.size(); ++i) {
    RETURN_ERROR_IF(!IsTensorDType(values[i].dtype()), StatusCode::kInvalidArgument, "output #", i,
                    " is a ", DTypeName(values[i].dtype()), ", not a tensor (use RunValues)");
    results.push_back(std::move(values[i].tensor()));
  }
  return results;
}

Result<std::vector<Value>> KernelRunner::RunValues(const std::vector<Value>& inputs) {
  std::vector<TensorView> views;
  for (const Value& v : inputs) views.push_back(v.view());
  return RunViews(views);
}

Status KernelRunner::Prepare(const std::vector<TensorView>& inputs, const KernelDef** def,
                             std::unique_ptr<PrepareContext>* prepare) const {
  DType first = inputs.empty() ? DType::kUndefined : inputs[0].dtype;
  *def = FindKernel(library_, node_.domain, node_.op_type, node_.opset, first);
  RETURN_ERROR_IF(*def == nullptr, StatusCode::kNotFound, "no kernel for ", node_.op_type, " opset ", node_.opset,
                  " dtype ", DTypeName(first), " in ", library_.provider);

  // Prepare sees a sequence's items, as the executor prepares a sequence's
  // consumer when the run reaches it; a tensor's data only if constant.
  std::vector<ValueInfo> infos(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    infos[i].name = "input" + std::to_string(i);
    infos[i].present = inputs[i].dtype != DType::kUndefined;
    infos[i].dtype = inputs[i].dtype;
    infos[i].dims = inputs[i].dims;
    bool constant = std::find(constant_inputs_.begin(), constant_inputs_.end(), i) !=
                    constant_inputs_.end();
    infos[i].data = constant || !IsTensorDType(inputs[i].dtype) ? inputs[i].data : nullptr;
  }
  *prepare = std::make_unique<PrepareContext>(node_, std::move(infos), num_outputs_);
  (*prepare)->set_threadpool(threadpool_);
  // Errors name the node, as the executor's do.
  return (*def)->prepare(**prepare).WithContext(node_.Where());
}

Result<std::vector<ValueInfo>> KernelRunner::PrepareOnly(const std::vector<HostTensor>& inputs) {
  std::vector<TensorView> views;
  for (const HostTensor& t : inputs) views.push_back(t.view());
  const KernelDef* def = nullptr;
  std::unique_ptr<PrepareContext> prepare;
  RETURN_IF_ERROR(Prepare(views, &def, &prepare));
  std::vector<ValueInfo> outputs;
  for (size_t i = 0; i < num_outputs_; ++i) outputs.push_back(prepare->output(i));
  return outputs;
}

Result<std::vector<Value>> KernelRunner::RunViews(const std::vector<TensorView>& inputs) {
  const KernelDef* def = nullptr;
  std::unique_ptr<PrepareContext> prepare_ptr;
  RETURN_IF_ERROR(Prepare(inputs, &def, &prepare_ptr));
  PrepareContext& prepare = *prepare_ptr;
  KernelState state = prepare.TakeState();

  // Each output sits between two guard regions inside one larger buffer;
  // dynamic outputs get theirs when the kernel calls AllocateOutput.
  GuardedOutputs outputs;
  outputs.storage.resize(num_outputs_);
  outputs.sequences.resize(num_outputs_);
  outputs.allocated.assign(num_outputs_, false);
  std::vector<TensorView> out_views(num_outputs_);
  for (size_t i = 0; i < num_outputs_; ++i) {
    const ValueInfo& o = prepare.output(i);
    out_views[i].dtype = o.dtype;
    if (o.dynamic) continue;
    RETURN_IF_ERROR(GuardedOutputs::Allocate(&outputs, i, o.dims, &out_views[i]));
  }
  ASSIGN_OR_RETURN(AlignedBuffer scratch, AlignedBuffer::Allocate(prepare.scratch_bytes()));

  std::vector<const TensorView*> in_ptrs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    in_ptrs[i] = inputs[i].dtype == DType::kUndefined ? nullptr : &inputs[i];
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
  run.threadpool = threadpool_;
  run.allocate_output = [](void* allocator, size_t i, const Dims& dims, TensorView* view) {
    return GuardedOutputs::Allocate(static_cast<GuardedOutputs*>(allocator), i, dims, view);
  };
  run.allocator = &outputs;
  StringStore strings;  // Outlives the run; the results copy what they hold.
  run.strings = &strings;
  if (library_.device == nullptr) {
    RETURN_IF_ERROR(def->run(run).WithContext(node_.Where()));
  } else {
    // A device provider's kernel: inputs, outputs (guards included) and
    // scratch copied to device memory, the outputs copied back after.
    const DeviceApi* api = library_.device;
    DeviceScope device(api);
    RETURN_IF_ERROR(device.Start());
    std::vector<TensorView> device_inputs(inputs.begin(), inputs.end());
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (in_ptrs[i] == nullptr) continue;
      RETURN_ERROR_IF(!IsTensorDType(inputs[i].dtype) || inputs[i].dtype == DType::kString, StatusCode::kInvalidArgument,
                      "input #", i, ": a device kernel takes numeric tensors only");
      ASSIGN_OR_RETURN(uint8_t* p, device.Allocate(inputs[i].nbytes()));
      RETURN_IF_ERROR(api->copy_to_device(device.context(), p, inputs[i].data, inputs[i].nbytes()));
      device_inputs[i].data = p;
      in_ptrs[i] = &device_inputs[i];
    }
    std::vector<TensorView> device_outputs(out_views);
    std::vector<uint8_t*> device_blocks(num_outputs_);
    for (size_t i = 0; i < num_outputs_; ++i) {
      RETURN_ERROR_IF(!outputs.allocated[i], StatusCode::kInternal, "output #", i,
                      " is dynamic, which a device kernel cannot make");
      const size_t bytes = out_views[i].nbytes() + 2 * kGuardBytes;
      ASSIGN_OR_RETURN(device_blocks[i], device.Allocate(bytes));
      RETURN_IF_ERROR(api->copy_to_device(device.context(), device_blocks[i], outputs.storage[i].data(), bytes));
      device_outputs[i].data = device_blocks[i] + kGuardBytes;
      out_ptrs[i] = &device_outputs[i];
    }
    ASSIGN_OR_RETURN(run.scratch, device.Allocate(prepare.scratch_bytes()));
    run.device_context = device.context();
    RETURN_IF_ERROR(def->run(run).WithContext(node_.Where()));
    RETURN_IF_ERROR(api->synchronize(device.context()).WithContext(node_.Where()));
    for (size_t i = 0; i < num_outputs_; ++i) {
      RETURN_IF_ERROR(api->copy_to_host(device.context(), outputs.storage[i].data(), device_blocks[i],
                                        out_views[i].nbytes() + 2 * kGuardBytes));
    }
  }

  std::vector<Value> results;
  for (size_t i = 0; i < num_outputs_; ++i) {
    ASSIGN_OR_RETURN(Value v, outputs.Take(i, out_views[i]));
    results.push_back(std::move(v));
  }
  return results;
}

}  // namespace onyx::kernels
