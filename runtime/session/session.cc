#include "runtime/session/session.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "kernels/providers.h"
#include "kernels/ref/registry.h"

namespace onyx {
namespace {

// Cached plans per input-shape signature; past this many, the oldest
// signature's plan is dropped (a stream of ever-new shapes stays bounded).
constexpr size_t kMaxCachedPlans = 32;

IOInfo ToIOInfo(const planner::TensorInfo& t) {
  IOInfo io;
  io.name = t.name;
  io.value_type = t.value_type;
  io.dtype = t.dtype;
  io.has_shape = t.has_shape;
  io.dims = t.dims;
  io.dim_params = t.dim_params;
  io.dim_params.resize(io.dims.size());
  return io;
}

std::string ExpectedNames(const std::vector<IOInfo>& infos) {
  std::string s;
  for (const IOInfo& io : infos) s += (s.empty() ? "'" : ", '") + io.name + "'";
  return s;
}

// Sequences and optionals: the kind must match, and the element type where
// there is one.
Status CheckNonTensorInput(const IOInfo& io, const TensorView& t) {
  const bool optional = io.value_type == planner::ValueType::kOptional;
  if (t.dtype == DType::kOptionalNone) {
    RETURN_ERROR_IF(!optional, StatusCode::kInvalidArgument, "input '", io.name, "' is not optional (got None)");
    return Status::Ok();
  }
  if (t.dtype == DType::kSequence) {
    RETURN_ERROR_IF(io.value_type == planner::ValueType::kTensor, StatusCode::kInvalidArgument, "input '", io.name,
                    "' expects a tensor (got a sequence)");
    const SequenceValue& seq = AsSequence(t);
    for (const HostTensor& item : seq.items) {
      RETURN_ERROR_IF(io.dtype != DType::kUndefined && item.dtype() != io.dtype, StatusCode::kInvalidArgument,
                      "input '", io.name, "' holds a tensor(", DTypeName(item.dtype()), ") (expected tensor(",
                      DTypeName(io.dtype), "))");
    }
    return Status::Ok();
  }
  RETURN_ERROR_IF(io.value_type == planner::ValueType::kSequence, StatusCode::kInvalidArgument, "input '", io.name,
                  "' expects a sequence of tensor(", DTypeName(io.dtype), ") (got a tensor)");
  RETURN_ERROR_IF(io.dtype != DType::kUndefined && t.dtype != io.dtype, StatusCode::kInvalidArgument, "input '",
                  io.name, "' has the wrong data type (expected tensor(", DTypeName(io.dtype), "), got tensor(",
                  DTypeName(t.dtype), "))");
  return Status::Ok();
}

// What a run keeps between calls on one thread, so that a warm run copies
// the inputs' shapes into vectors that already have room.
struct RunScratch {
  std::vector<TensorView> ordered;
  executor::DeviceBinding device;
  std::vector<int> wanted;
  std::vector<int> bound_tensors;
  std::vector<void*> arena_data;
};

RunScratch& ThreadRunScratch() {
  static thread_local RunScratch scratch;
  return scratch;
}

// -1 when a < b, 1 when a > b, 0 when equal: signatures in lexicographic order.
int CompareSignature(const std::vector<Dims>& a, const std::vector<TensorView>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] < b[i].dims) return -1;
    if (b[i].dims < a[i]) return 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

std::string ShapeWithParams(const IOInfo& io) {
  std::string s = "[";
  for (size_t i = 0; i < io.dims.size(); ++i) {
    if (i) s += ",";
    s += io.dims[i] >= 0 ? std::to_string(io.dims[i]) : (io.dim_params[i].empty() ? "?" : io.dim_params[i]);
  }
  return s + "]";
}

}  // namespace

std::vector<std::string> AvailableProviders() {
  std::vector<std::string> names;
  for (const kernels::BuiltInProvider& p : kernels::BuiltInProviders()) {
    const kernels::KernelLibrary library = p.library();
    if (library.initialize != nullptr && !library.initialize().ok()) continue;
    names.push_back(p.name);
  }
  return names;
}

bool Session::SignatureLess::operator()(const std::vector<Dims>& a, const std::vector<TensorView>& b) const {
  return CompareSignature(a, b) < 0;
}

bool Session::SignatureLess::operator()(const std::vector<TensorView>& a, const std::vector<Dims>& b) const {
  return CompareSignature(b, a) > 0;
}

// The libraries of the providers asked for (kernels::ChooseProviders), and
// their options checked against what each accepts.
Status Session::SetUpProviders(const SessionOptions& options) {
  ASSIGN_OR_RETURN(libraries_, kernels::ChooseProviders(options.providers));
  for (const kernels::KernelLibrary& library : libraries_) {
    provider_names_.push_back(library.provider);
    provider_options_[library.provider];
  }
  for (const auto& [provider, values] : options.provider_options) {
    const kernels::KernelLibrary* library = nullptr;
    for (const kernels::KernelLibrary& l : libraries_) {
      if (provider == l.provider) library = &l;
    }
    if (library == nullptr) {
      std::string used;
      for (const std::string& n : provider_names_) used += (used.empty() ? "" : ", ") + n;
      return MakeError(StatusCode::kInvalidArgument, "provider_options name provider '", provider,
                       "', which this session does not use (it uses: ", used, ")");
    }
    for (const auto& [key, value] : values) {
      bool known = false;
      std::string accepted;
      for (const kernels::ProviderOptionDef& def : library->options) {
        known = known || key == def.name;
        accepted += (accepted.empty() ? "" : ", ") + std::string(def.name);
      }
      RETURN_ERROR_IF(!known, StatusCode::kInvalidArgument, "provider '", provider, "' has no option '", key,
                      "' (its options: ", accepted.empty() ? "none" : accepted, ")");
      provider_options_[provider][key] = value;
    }
  }
  return Status::Ok();
}

// One pthreadpool per session; none for one thread (kernels then run on the
// caller's thread, which pthreadpool does for a null pool).
Status Session::SetUpThreads(const SessionOptions& options) {
  RETURN_ERROR_IF(options.intra_op_num_threads < 0, StatusCode::kInvalidArgument,
                  "intra_op_num_threads must be 0 (let onyx choose) or more (got ", options.intra_op_num_threads, ")");
  int threads = options.intra_op_num_threads;
  // A provider's "intra_op_num_threads" (ONNX Runtime's XNNPACK option)
  // sizes the same pool.
  for (const auto& [provider, values] : provider_options_) {
    auto it = values.find("intra_op_num_threads");
    if (it == values.end()) continue;
    const std::string& text = it->second;
    int value = 0;
    bool valid = !text.empty() && text.size() <= 6;
    for (char c : text) {
      valid = valid && c >= '0' && c <= '9';
      if (valid) value = value * 10 + (c - '0');
    }
    RETURN_ERROR_IF(!valid, StatusCode::kInvalidArgument, "provider '", provider,
                    "' option intra_op_num_threads must be a number of threads, 0 or more (got '", text, "')");
    if (value == 0) continue;
    RETURN_ERROR_IF(threads != 0 && threads != value, StatusCode::kInvalidArgument, "provider '", provider,
                    "' option intra_op_num_threads is ", value, " but SessionOptions.intra_op_num_threads is ",
                    threads, ": one pool serves every provider");
    threads = value;
  }
  if (threads == 0) {
    threads = std::min<int>(kMaxDefaultThreads, std::max(1u, std::thread::hardware_concurrency()));
  }
  num_threads_ = 1;
  if (threads <= 1) return Status::Ok();
  pthreadpool_t pool = pthreadpool_create(static_cast<size_t>(threads));
  RETURN_ERROR_IF(pool == nullptr, StatusCode::kOutOfMemory, "could not start a pool of ", threads,
                  " threads (intra_op_num_threads)");
  threadpool_ = std::unique_ptr<void, void (*)(void*)>(
      pool, [](void* p) { pthreadpool_destroy(static_cast<pthreadpool_t>(p)); });
  num_threads_ = static_cast<int>(pthreadpool_get_threads_count(pool));
  return Status::Ok();
}

Result<std::unique_ptr<Session>> Session::Open(const std::string& path, const SessionOptions& options) {
  Result<std::shared_ptr<const executor::ModelBytes>> bytes = executor::ModelBytes::Map(path);
  if (!bytes.ok()) return bytes.status();
  Result<std::unique_ptr<Session>> session = Create(std::move(bytes).value(), options);
  if (!session.ok()) return session.status().WithContext(path);
  session.value()->where_ = path;
  return session;
}

Result<std::unique_ptr<Session>> Session::FromBytes(const void* data, size_t size, const SessionOptions& options) {
  ASSIGN_OR_RETURN(std::shared_ptr<const executor::ModelBytes> bytes, executor::ModelBytes::Copy(data, size));
  return Create(std::move(bytes), options);
}

Result<std::unique_ptr<Session>> Session::FromBorrowedBytes(const void* data, size_t size,
                                                            const SessionOptions& options) {
  ASSIGN_OR_RETURN(std::shared_ptr<const executor::ModelBytes> bytes, executor::ModelBytes::Borrow(data, size));
  return Create(std::move(bytes), options);
}

Result<std::unique_ptr<Session>> Session::Create(std::shared_ptr<const executor::ModelBytes> bytes,
                                                 const SessionOptions& options) {
  std::unique_ptr<Session> session(new Session());
  session->where_ = "<memory>";
  const int64_t load_start = Profiler::SteadyNowNs();
  if (options.enable_profiling) session->profiler_ = std::make_unique<Profiler>(options.profile_file_prefix);
  ASSIGN_OR_RETURN(session->model_, executor::LoadedModel::Load(std::move(bytes)));
  RETURN_IF_ERROR(session->SetUpProviders(options));
  RETURN_IF_ERROR(session->SetUpThreads(options));
  const planner::Graph& graph = session->model_->graph();
  for (int t : graph.inputs) session->inputs_.push_back(ToIOInfo(graph.tensors[t]));
  for (int t : graph.outputs) session->outputs_.push_back(ToIOInfo(graph.tensors[t]));
  // Prepare the declared signature now when it is fully known, so that a
  // model that cannot run fails at load, not at the first Run.
  bool fully_static = true;
  for (const IOInfo& io : session->inputs_) {
    for (int64_t d : io.dims) fully_static &= d >= 0;
    fully_static &= io.has_shape;
  }
  if (fully_static) {
    std::vector<TensorView> declared;
    for (const IOInfo& io : session->inputs_) declared.push_back(TensorView{io.dtype, io.dims, nullptr});
    ASSIGN_OR_RETURN(std::shared_ptr<PlanEntry> entry, session->PlanFor(declared));
    (void)entry;
  }
  // Shape-bucket profiles: planned and given a workspace now, so that a run
  // whose shapes match one plans nothing and allocates nothing.
  for (const executor::FilePlan& profile : session->model_->file_plans()) {
    if (profile.inputs.size() != session->inputs_.size()) continue;
    std::vector<TensorView> shapes;
    for (size_t i = 0; i < profile.inputs.size(); ++i) {
      shapes.push_back(TensorView{session->inputs_[i].dtype, profile.inputs[i], nullptr});
    }
    ASSIGN_OR_RETURN(std::shared_ptr<PlanEntry> entry, session->PlanFor(shapes));
    ASSIGN_OR_RETURN(std::unique_ptr<executor::Workspace> ws, entry->plan->NewWorkspace());
    std::lock_guard<std::mutex> lock(entry->mutex);
    entry->free.push_back(std::move(ws));
  }
  if (session->profiler_) {
    session->profiler_->AddSessionEvent("session_initialization", load_start, Profiler::SteadyNowNs() - load_start);
  }
  return session;
}

Result<std::string> Session::EndProfiling() {
  RETURN_ERROR_IF(!profiler_, StatusCode::kFailedPrecondition,
                  "profiling is off (set SessionOptions.enable_profiling before creating the session)");
  return profiler_->End();
}

Status Session::CheckInputs(const std::vector<NamedInput>& inputs, std::vector<TensorView>* ordered) const {
  // A view with dtype kUndefined marks an input not fed yet (a fed view
  // never has that dtype: CheckNonTensorInput or the dtype check refuse it).
  ordered->resize(inputs_.size());
  for (TensorView& v : *ordered) {
    v.dtype = DType::kUndefined;
    v.data = nullptr;
  }
  for (const NamedInput& in : inputs) {
    size_t i = 0;
    while (i < inputs_.size() && inputs_[i].name != in.name) ++i;
    RETURN_ERROR_IF(i == inputs_.size(), StatusCode::kInvalidArgument, "invalid input name '", in.name,
                    "' (model inputs: ", ExpectedNames(inputs_), ")");
    RETURN_ERROR_IF((*ordered)[i].dtype != DType::kUndefined, StatusCode::kInvalidArgument, "input '", in.name,
                    "' is fed twice");
    RETURN_ERROR_IF(in.tensor.dtype == DType::kUndefined, StatusCode::kInvalidArgument, "input '", in.name,
                    "' has no element type");
    const IOInfo& io = inputs_[i];
    const TensorView& t = in.tensor;
    (*ordered)[i] = t;
    RETURN_ERROR_IF(in.on_device && (io.value_type != planner::ValueType::kTensor || !IsTensorDType(t.dtype) ||
                                     t.dtype == DType::kString),
                    StatusCode::kInvalidArgument, "input '", in.name,
                    "' is bound to device memory, which holds numeric tensors only");
    if (io.value_type != planner::ValueType::kTensor || !IsTensorDType(t.dtype)) {
      RETURN_IF_ERROR(CheckNonTensorInput(io, t));
      continue;
    }
    RETURN_ERROR_IF(t.dtype != io.dtype, StatusCode::kInvalidArgument, "input '", in.name,
                    "' has the wrong data type (expected tensor(", DTypeName(io.dtype), "), got tensor(",
                    DTypeName(t.dtype), "))");
    if (io.has_shape) {
      RETURN_ERROR_IF(t.dims.size() != io.dims.size(), StatusCode::kInvalidArgument, "input '", in.name,
                      "' has the wrong rank (expected ", io.dims.size(), ": ", ShapeWithParams(io), ", got ",
                      t.dims.size(), ": ", DimsToString(t.dims), ")");
      for (size_t d = 0; d < io.dims.size(); ++d) {
        RETURN_ERROR_IF(io.dims[d] >= 0 && t.dims[d] != io.dims[d], StatusCode::kInvalidArgument, "input '",
                        in.name, "' has the wrong shape: dimension ", d, " is ", t.dims[d], " (expected ",
                        io.dims[d], "; model shape ", ShapeWithParams(io), ", got ", DimsToString(t.dims), ")");
      }
    }
    Result<int64_t> count = CheckedNumElements(t.dims);
    if (!count.ok()) return count.status().WithContext(StrCat("input '", in.name, "'"));
    RETURN_ERROR_IF(t.data == nullptr && count.value() > 0, StatusCode::kInvalidArgument, "input '", in.name,
                    "' has no data");
  }
  for (size_t i = 0; i < inputs_.size(); ++i) {
    RETURN_ERROR_IF((*ordered)[i].dtype == DType::kUndefined, StatusCode::kInvalidArgument, "missing input '",
                    inputs_[i].name, "' (shape ", ShapeWithParams(inputs_[i]), ", tensor(", DTypeName(inputs_[i].dtype),
                    "))");
  }
  return Status::Ok();
}

Result<std::shared_ptr<Session::PlanEntry>> Session::PlanFor(const std::vector<TensorView>& inputs) {
  std::lock_guard<std::mutex> lock(plans_mutex_);
  auto it = plans_.find(inputs);  // Compares shapes in place: a known signature costs no copy.
  if (it != plans_.end()) return it->second;
  planner::InputSignature signature;
  for (const TensorView& t : inputs) signature.dims.push_back(t.dims);
  // Planning under the lock keeps two threads from building the same plan;
  // it happens once per signature.
  auto plan = executor::ExecutionPlan::Create(model_, 0, libraries_, kernels::ref::Library(), signature,
                                              threadpool_.get());
  if (!plan.ok()) return plan.status();
  if (plans_.size() >= kMaxCachedPlans) plans_.erase(plans_.begin());
  auto entry = std::make_shared<PlanEntry>();
  entry->plan = std::move(plan).value();
  plans_[signature.dims] = entry;
  return entry;
}

Status Session::OutputIndices(const std::vector<std::string>& names, std::vector<int>* indices) const {
  indices->clear();
  if (names.empty()) {
    for (size_t i = 0; i < outputs_.size(); ++i) indices->push_back(static_cast<int>(i));
    return Status::Ok();
  }
  for (const std::string& name : names) {
    size_t i = 0;
    while (i < outputs_.size() && outputs_[i].name != name) ++i;
    RETURN_ERROR_IF(i == outputs_.size(), StatusCode::kInvalidArgument, "invalid output name '", name,
                    "' (model outputs: ", ExpectedNames(outputs_), ")");
    indices->push_back(static_cast<int>(i));
  }
  return Status::Ok();
}

Result<Session::MemoryUse> Session::PlannedMemory(const std::vector<NamedInput>& inputs) {
  std::vector<TensorView> ordered;
  RETURN_IF_ERROR(CheckInputs(inputs, &ordered));
  ASSIGN_OR_RETURN(std::shared_ptr<PlanEntry> entry, PlanFor(ordered));
  return MemoryUse{entry->plan->arena_size(), entry->plan->naive_size(), entry->plan->uses_file_plan()};
}

Result<std::vector<HostTensor>> Session::Run(const std::vector<NamedInput>& inputs,
                                             const std::vector<std::string>& output_names,
                                             const RunOptions* run_options) {
  ASSIGN_OR_RETURN(std::vector<Value> values, RunValues(inputs, output_names, run_options));
  std::vector<HostTensor> tensors;
  for (size_t i = 0; i < values.size(); ++i) {
    RETURN_ERROR_IF(!IsTensorDType(values[i].dtype()), StatusCode::kInvalidArgument, "output #", i, " is a ",
                    DTypeName(values[i].dtype()), ", not a tensor: use RunValues");
    tensors.push_back(std::move(values[i].tensor()));
  }
  return tensors;
}

Status Session::BindOutputs(const executor::ExecutionPlan& plan, const std::vector<NamedInput>& bound,
                            std::vector<int>* tensors) const {
  const planner::Graph& graph = plan.graph();
  tensors->clear();
  for (const NamedInput& b : bound) {
    size_t index = 0;
    while (index < outputs_.size() && outputs_[index].name != b.name) ++index;
    RETURN_ERROR_IF(index == outputs_.size(), StatusCode::kInvalidArgument, "invalid output name '", b.name,
                    "' (model outputs: ", ExpectedNames(outputs_), ")");
    const int t = graph.outputs[index];
    const kernels::ValueInfo& v = plan.value(t);
    tensors->push_back(t);
    RETURN_ERROR_IF(b.on_device && (v.dynamic || !IsTensorDType(v.dtype) || v.dtype == DType::kString),
                    StatusCode::kInvalidArgument, "output '", b.name,
                    "' cannot be bound to device memory: only numeric tensors whose shape is known before the run can");
    if (v.dynamic || v.dtype == DType::kUndefined) continue;  // Checked after the run.
    RETURN_ERROR_IF(!IsTensorDType(b.tensor.dtype) || b.tensor.dtype != v.dtype, StatusCode::kInvalidArgument,
                    "output '", b.name, "' is bound to a tensor(", DTypeName(b.tensor.dtype), ") (the output is tensor(",
                    DTypeName(v.dtype), "))");
    RETURN_ERROR_IF(!v.dynamic && b.tensor.dims != v.dims, StatusCode::kInvalidArgument, "output '", b.name,
                    "' is bound to a buffer of shape ", DimsToString(b.tensor.dims), " (the output has shape ",
                    DimsToString(v.dims), ")");
    RETURN_ERROR_IF(b.tensor.data == nullptr && b.tensor.nbytes() > 0, StatusCode::kInvalidArgument, "output '",
                    b.name, "' is bound to no memory");
  }
  return Status::Ok();
}

Result<std::vector<Value>> Session::RunValues(const std::vector<NamedInput>& inputs,
                                              const std::vector<std::string>& output_names,
                                              const RunOptions* run_options,
                                              const std::vector<NamedInput>& bound_outputs) {
  std::vector<Value> results;
  RETURN_IF_ERROR(RunInto(inputs, output_names, run_options, bound_outputs, &results));
  return results;
}

Status Session::RunWithBinding(const std::vector<NamedInput>& inputs, const std::vector<NamedInput>& bound_outputs,
                               const RunOptions* run_options) {
  static const std::vector<std::string> kAllOutputs;
  return RunInto(inputs, kAllOutputs, run_options, bound_outputs, nullptr);
}

// Everything a warm run needs lives in the thread's RunScratch, the plan
// cache and a pooled workspace, so that a run of a static plan with bound
// outputs allocates nothing (tests/cpp/alloc_free_test.cc).
Status Session::RunInto(const std::vector<NamedInput>& inputs, const std::vector<std::string>& output_names,
                        const RunOptions* run_options, const std::vector<NamedInput>& bound_outputs,
                        std::vector<Value>* results) {
  RunScratch& scratch = ThreadRunScratch();
  RETURN_IF_ERROR(CheckInputs(inputs, &scratch.ordered));
  RETURN_IF_ERROR(OutputIndices(output_names, &scratch.wanted));
  ASSIGN_OR_RETURN(std::shared_ptr<PlanEntry> entry, PlanFor(scratch.ordered));
  RETURN_IF_ERROR(BindOutputs(*entry->plan, bound_outputs, &scratch.bound_tensors));
  const std::vector<int>& bound_tensors = scratch.bound_tensors;
  // Inputs and outputs in device memory (IOBinding on the device).
  executor::DeviceBinding& device = scratch.device;
  device.inputs.assign(scratch.ordered.size(), 0);
  device.outputs.clear();
  for (const NamedInput& in : inputs) {
    if (!in.on_device) continue;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      if (inputs_[i].name == in.name) device.inputs[i] = 1;
    }
  }
  for (size_t k = 0; k < bound_outputs.size(); ++k) {
    if (bound_outputs[k].on_device) device.outputs.emplace_back(bound_tensors[k], bound_outputs[k].tensor.data);
  }
  std::unique_ptr<executor::Workspace> ws;
  {
    std::lock_guard<std::mutex> lock(entry->mutex);
    if (!entry->free.empty()) {
      ws = std::move(entry->free.back());
      entry->free.pop_back();
    }
  }
  if (!ws) {
    ASSIGN_OR_RETURN(ws, entry->plan->NewWorkspace());
  }
  // Outputs the plan knows the shape of, and that a node writes, are
  // written straight into the caller's buffer; the others are copied there
  // after the run. Views go back to the arena afterwards.
  const planner::Graph& graph = entry->plan->graph();
  std::vector<void*>& arena_data = scratch.arena_data;
  arena_data.assign(bound_tensors.size(), nullptr);
  for (size_t k = 0; k < bound_tensors.size(); ++k) {
    const int t = bound_tensors[k];
    if (bound_outputs[k].on_device) continue;  // The plan writes it there (DeviceBinding).
    if (graph.tensors[t].kind == planner::TensorKind::kIntermediate && !entry->plan->value(t).dynamic) {
      arena_data[k] = ws->views[t].data;
      ws->views[t].data = bound_outputs[k].tensor.data;
    }
  }
  std::vector<executor::NodeTiming> timings;
  const bool profiling = profiler_ && profiler_->active();
  const int64_t run_start = profiling ? Profiler::SteadyNowNs() : 0;
  Status status = entry->plan->Run(*ws, scratch.ordered, run_options ? &run_options->terminate : nullptr,
                                   profiling ? &timings : nullptr, device.empty() ? nullptr : &device);
  if (profiling && status.ok()) {
    profiler_->AddRun(*entry->plan, *ws, timings, run_start, Profiler::SteadyNowNs() - run_start);
  }
  for (size_t k = 0; k < bound_tensors.size() && status.ok(); ++k) {
    if (arena_data[k] != nullptr || bound_outputs[k].on_device) continue;
    const TensorView& value = ws->views[bound_tensors[k]];
    const TensorView& target = bound_outputs[k].tensor;
    if (value.dtype != target.dtype) {
      status = MakeError(StatusCode::kInvalidArgument, "output '", bound_outputs[k].name, "' is a ",
                         IsTensorDType(value.dtype) ? "tensor(" + std::string(DTypeName(value.dtype)) + ")"
                                                    : std::string(DTypeName(value.dtype)),
                         " but is bound to a tensor(", DTypeName(target.dtype), ")");
    } else if (value.dims != target.dims) {
      status = MakeError(StatusCode::kInvalidArgument, "output '", bound_outputs[k].name, "' has shape ",
                         DimsToString(value.dims), " but is bound to a buffer of shape ", DimsToString(target.dims));
    } else if (value.nbytes() && value.dtype != DType::kString) {
      std::memcpy(target.data, value.data, value.nbytes());
    } else if (value.nbytes()) {
      status = MakeError(StatusCode::kInvalidArgument, "output '", bound_outputs[k].name,
                         "' is a string tensor, which cannot be bound to a buffer");
    }
  }
  for (size_t k = 0; k < bound_tensors.size(); ++k) {
    if (arena_data[k] != nullptr) ws->views[bound_tensors[k]].data = arena_data[k];
  }
  if (status.ok() && results != nullptr) {
    results->reserve(scratch.wanted.size());
    for (int i : scratch.wanted) {
      if (std::find(bound_tensors.begin(), bound_tensors.end(), graph.outputs[i]) != bound_tensors.end()) {
        results->emplace_back();
        continue;
      }
      Result<Value> out = Value::CopyOf(ws->views[graph.outputs[i]]);
      if (!out.ok()) {
        status = out.status();
        break;
      }
      results->push_back(std::move(out).value());
    }
  }
  {
    std::lock_guard<std::mutex> lock(entry->mutex);
    entry->free.push_back(std::move(ws));
  }
  return status;
}

}  // namespace onyx
