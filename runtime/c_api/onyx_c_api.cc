// The C API (onyx_c_api.h) on onyx::Session. Every entry point checks its
// handles and arguments, turns onyx::Status into an OnyxStatus, and
// allocates its handles with nothrow new, so that nothing C++ escapes.

#include "runtime/c_api/onyx_c_api.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/session/session.h"

struct OnyxStatus {
  OnyxStatusCode code;
  std::string message;
};

struct OnyxEnv {
  OnyxLoggingLevel level;
};

struct OnyxSessionOptions {
  onyx::SessionOptions options;
  bool log_level_set = false;
  OnyxOptimizationLevel optimization_level = ONYX_ENABLE_ALL;
};

struct OnyxSession {
  std::unique_ptr<onyx::Session> session;
};

struct OnyxRunOptions {
  onyx::RunOptions options;
};

struct OnyxValue {
  onyx::HostTensor tensor;
};

struct OnyxIoBinding {
  struct Bound {
    std::string name;
    onyx::DType dtype;
    onyx::Dims dims;
    void* data;
    bool on_device;
  };
  OnyxSession* session;
  std::vector<Bound> inputs;
  std::vector<Bound> outputs;
};

namespace {

// Handed out when even a status cannot be allocated; never freed.
OnyxStatus kOutOfMemoryStatus{ONYX_OUT_OF_MEMORY, ""};

OnyxStatus* MakeStatus(OnyxStatusCode code, std::string message) {
  OnyxStatus* status = new (std::nothrow) OnyxStatus;
  if (status == nullptr) return &kOutOfMemoryStatus;
  status->code = code;
  status->message = std::move(message);
  return status;
}

OnyxStatus* FromStatus(const onyx::Status& status) {
  if (status.ok()) return nullptr;
  return MakeStatus(static_cast<OnyxStatusCode>(status.code()), status.message());
}

OnyxStatus* NullArgument(const char* function, const char* argument) {
  return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": argument '", argument, "' is NULL"));
}

OnyxStatus* OutOfMemory(const char* function, const char* what) {
  return MakeStatus(ONYX_OUT_OF_MEMORY, onyx::StrCat(function, ": could not allocate ", what));
}

#define ONYX_CHECK_ARG(arg)                              \
  do {                                                   \
    if ((arg) == nullptr) return NullArgument(__func__, #arg); \
  } while (0)

OnyxStatus* IndexError(const char* function, const char* what, size_t index, size_t count) {
  return MakeStatus(ONYX_INVALID_ARGUMENT,
                    onyx::StrCat(function, ": ", what, " index ", index, " is out of range (the model has ", count,
                                 " ", what, count == 1 ? ")" : "s)"));
}

// The shape of `dims`, written as the header describes.
void WriteShape(const onyx::Dims& dims, int64_t* out, size_t capacity, size_t* rank) {
  for (size_t i = 0; i < dims.size() && i < capacity; ++i) out[i] = dims[i];
  *rank = dims.size();
}

// A caller's tensor as a view; `what` names it ("input 'x'").
OnyxStatus* ToView(const char* function, const std::string& what, const OnyxTensor& t, onyx::TensorView* view) {
  const int32_t dtype = static_cast<int32_t>(t.dtype);
  if (!onyx::IsKnownDType(dtype)) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": ", what, " has an unknown dtype ", dtype));
  }
  if (t.dtype == ONYX_DTYPE_STRING) {
    return MakeStatus(ONYX_UNSUPPORTED,
                      onyx::StrCat(function, ": ", what, " is a string tensor, which the C API cannot pass"));
  }
  if (t.rank > 0 && t.dims == nullptr) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": ", what, " has rank ", t.rank, " but dims is NULL"));
  }
  view->dtype = static_cast<onyx::DType>(dtype);
  view->dims.assign(t.dims, t.dims + t.rank);
  for (size_t i = 0; i < t.rank; ++i) {
    if (t.dims[i] < 0) {
      return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": ", what, " has a negative extent ", t.dims[i],
                                                            " at axis ", i));
    }
  }
  onyx::Result<int64_t> count = onyx::CheckedNumElements(view->dims);
  if (!count.ok()) return FromStatus(count.status().WithContext(onyx::StrCat(function, ": ", what)));
  const uint64_t needed = static_cast<uint64_t>(count.value()) * onyx::DTypeSize(view->dtype);
  if (t.byte_size < needed) {
    return MakeStatus(ONYX_INVALID_ARGUMENT,
                      onyx::StrCat(function, ": ", what, " buffer of ", t.byte_size, " bytes is too small for ",
                                   onyx::DTypeName(view->dtype), onyx::DimsToString(view->dims), " (needs ", needed,
                                   " bytes)"));
  }
  if (t.data == nullptr && needed > 0) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": ", what, " has no data (data is NULL)"));
  }
  view->data = t.data;
  return nullptr;
}

// The named inputs of a run, checked.
OnyxStatus* ToInputs(const char* function, const char* const* names, const OnyxTensor* tensors, size_t count,
                     std::vector<onyx::NamedInput>* inputs) {
  if (count > 0 && names == nullptr) return NullArgument(function, "input_names");
  if (count > 0 && tensors == nullptr) return NullArgument(function, "inputs");
  inputs->resize(count);
  for (size_t i = 0; i < count; ++i) {
    if (names[i] == nullptr) {
      return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": input_names[", i, "] is NULL"));
    }
    (*inputs)[i].name = names[i];
    OnyxStatus* status = ToView(function, onyx::StrCat("input '", names[i], "'"), tensors[i], &(*inputs)[i].tensor);
    if (status != nullptr) return status;
  }
  return nullptr;
}

// The output names of a run: all outputs for NULL.
OnyxStatus* ToOutputNames(const char* function, const onyx::Session& session, const char* const* names, size_t count,
                          std::vector<std::string>* out) {
  out->clear();
  if (names == nullptr) {
    if (count != session.outputs().size()) {
      return MakeStatus(ONYX_INVALID_ARGUMENT,
                        onyx::StrCat(function, ": output_names is NULL, which asks for all ", session.outputs().size(),
                                     " outputs, but num_outputs is ", count));
    }
    for (const onyx::IOInfo& io : session.outputs()) out->push_back(io.name);
    return nullptr;
  }
  for (size_t i = 0; i < count; ++i) {
    if (names[i] == nullptr) {
      return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": output_names[", i, "] is NULL"));
    }
    out->push_back(names[i]);
  }
  return nullptr;
}

// Runs and returns every asked-for output as a host tensor.
OnyxStatus* RunToTensors(const char* function, OnyxSession* session, const OnyxRunOptions* run_options,
                         const char* const* input_names, const OnyxTensor* inputs, size_t num_inputs,
                         const char* const* output_names, size_t num_outputs, std::vector<onyx::Value>* values,
                         std::vector<std::string>* names) {
  std::vector<onyx::NamedInput> feeds;
  OnyxStatus* status = ToInputs(function, input_names, inputs, num_inputs, &feeds);
  if (status != nullptr) return status;
  status = ToOutputNames(function, *session->session, output_names, num_outputs, names);
  if (status != nullptr) return status;
  if (names->empty()) return nullptr;  // Nothing asked for: Session would read "all".
  onyx::Result<std::vector<onyx::Value>> result =
      session->session->RunValues(feeds, *names, run_options ? &run_options->options : nullptr);
  if (!result.ok()) return FromStatus(result.status());
  *values = std::move(result).value();
  for (size_t i = 0; i < values->size(); ++i) {
    const onyx::Value& v = (*values)[i];
    if (!onyx::IsTensorDType(v.dtype()) || v.dtype() == onyx::DType::kString) {
      return MakeStatus(ONYX_UNSUPPORTED, onyx::StrCat(function, ": output '", (*names)[i], "' is a ",
                                                       onyx::DTypeName(v.dtype()),
                                                       ", which the C API cannot return (tensors of numbers only)"));
    }
  }
  return nullptr;
}

const std::vector<onyx::IOInfo>& Ios(const OnyxSession* session, bool outputs) {
  return outputs ? session->session->outputs() : session->session->inputs();
}

OnyxStatus* GetName(const char* function, const OnyxSession* session, bool outputs, size_t index, const char** out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  const auto& ios = Ios(session, outputs);
  if (index >= ios.size()) return IndexError(function, outputs ? "output" : "input", index, ios.size());
  *out = ios[index].name.c_str();
  return nullptr;
}

OnyxStatus* GetType(const char* function, const OnyxSession* session, bool outputs, size_t index, OnyxDataType* out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  const auto& ios = Ios(session, outputs);
  if (index >= ios.size()) return IndexError(function, outputs ? "output" : "input", index, ios.size());
  *out = static_cast<OnyxDataType>(ios[index].dtype);
  return nullptr;
}

OnyxStatus* GetShape(const char* function, const OnyxSession* session, bool outputs, size_t index, int64_t* dims,
                     size_t capacity, size_t* rank, int* has_shape) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(rank);
  if (capacity > 0) ONYX_CHECK_ARG(dims);
  const auto& ios = Ios(session, outputs);
  if (index >= ios.size()) return IndexError(function, outputs ? "output" : "input", index, ios.size());
  WriteShape(ios[index].dims, dims, capacity, rank);
  if (has_shape != nullptr) *has_shape = ios[index].has_shape ? 1 : 0;
  return nullptr;
}

OnyxStatus* GetDimParam(const char* function, const OnyxSession* session, bool outputs, size_t index, size_t axis,
                        const char** out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  const auto& ios = Ios(session, outputs);
  if (index >= ios.size()) return IndexError(function, outputs ? "output" : "input", index, ios.size());
  const onyx::IOInfo& io = ios[index];
  if (axis >= io.dims.size()) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": axis ", axis, " is out of range for ",
                                                          outputs ? "output '" : "input '", io.name, "' of rank ",
                                                          io.dims.size()));
  }
  *out = axis < io.dim_params.size() ? io.dim_params[axis].c_str() : "";
  return nullptr;
}

// The provider names, built once (thread-safe static initialisation).
const std::vector<std::string>& ProviderNames() {
  static const std::vector<std::string> names = onyx::AvailableProviders();
  return names;
}

// Stores a binding's tensor, replacing one of the same name.
OnyxStatus* Bind(const char* function, OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor,
                 bool output, bool on_device) {
  ONYX_CHECK_ARG(binding);
  ONYX_CHECK_ARG(name);
  ONYX_CHECK_ARG(tensor);
  const auto& ios = Ios(binding->session, output);
  bool known = false;
  std::string names;
  for (const onyx::IOInfo& io : ios) {
    known |= io.name == name;
    names += (names.empty() ? "'" : ", '") + io.name + "'";
  }
  if (!known) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(function, ": invalid ", output ? "output" : "input",
                                                          " name '", name, "' (model ", output ? "outputs" : "inputs",
                                                          ": ", names, ")"));
  }
  onyx::TensorView view;
  OnyxStatus* status = ToView(function, onyx::StrCat(output ? "output '" : "input '", name, "'"), *tensor, &view);
  if (status != nullptr) return status;
  std::vector<OnyxIoBinding::Bound>& list = output ? binding->outputs : binding->inputs;
  OnyxIoBinding::Bound bound{name, view.dtype, view.dims, view.data, on_device};
  for (OnyxIoBinding::Bound& b : list) {
    if (b.name == name) {
      b = std::move(bound);
      return nullptr;
    }
  }
  list.push_back(std::move(bound));
  return nullptr;
}

}  // namespace

extern "C" {

int OnyxGetApiVersion(void) { return ONYX_API_VERSION; }

OnyxStatusCode OnyxGetStatusCode(const OnyxStatus* status) { return status ? status->code : ONYX_OK; }

const char* OnyxGetStatusMessage(const OnyxStatus* status) {
  if (status == &kOutOfMemoryStatus) return "out of memory (could not allocate a status)";
  return status ? status->message.c_str() : "";
}

void OnyxReleaseStatus(OnyxStatus* status) {
  if (status != &kOutOfMemoryStatus) delete status;
}

const char* OnyxDataTypeName(OnyxDataType dtype) {
  if (!onyx::IsKnownDType(static_cast<int32_t>(dtype))) return "undefined";
  return onyx::DTypeName(static_cast<onyx::DType>(dtype));
}

OnyxStatus* OnyxCreateEnv(OnyxLoggingLevel level, OnyxEnv** out) {
  ONYX_CHECK_ARG(out);
  if (level < ONYX_LOGGING_LEVEL_VERBOSE || level > ONYX_LOGGING_LEVEL_FATAL) {
    return MakeStatus(ONYX_INVALID_ARGUMENT,
                      onyx::StrCat(__func__, ": logging level ", static_cast<int>(level), " is not in 0..4"));
  }
  OnyxEnv* env = new (std::nothrow) OnyxEnv;
  if (env == nullptr) return OutOfMemory(__func__, "an env");
  env->level = level;
  *out = env;
  return nullptr;
}

OnyxStatus* OnyxEnvGetLoggingLevel(const OnyxEnv* env, OnyxLoggingLevel* out) {
  ONYX_CHECK_ARG(env);
  ONYX_CHECK_ARG(out);
  *out = env->level;
  return nullptr;
}

void OnyxReleaseEnv(OnyxEnv* env) { delete env; }

OnyxStatus* OnyxGetAvailableProviderCount(size_t* out) {
  ONYX_CHECK_ARG(out);
  *out = ProviderNames().size();
  return nullptr;
}

OnyxStatus* OnyxGetAvailableProviderName(size_t index, const char** out) {
  ONYX_CHECK_ARG(out);
  const std::vector<std::string>& names = ProviderNames();
  if (index >= names.size()) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": provider index ", index,
                                                          " is out of range (this library has ", names.size(),
                                                          " providers)"));
  }
  *out = names[index].c_str();
  return nullptr;
}

OnyxStatus* OnyxCreateSessionOptions(OnyxSessionOptions** out) {
  ONYX_CHECK_ARG(out);
  OnyxSessionOptions* options = new (std::nothrow) OnyxSessionOptions;
  if (options == nullptr) return OutOfMemory(__func__, "session options");
  *out = options;
  return nullptr;
}

OnyxStatus* OnyxSessionOptionsSetIntraOpNumThreads(OnyxSessionOptions* options, int threads) {
  ONYX_CHECK_ARG(options);
  if (threads < 0) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": threads must be 0 (let onyx choose) or more (got ",
                                                          threads, ")"));
  }
  options->options.intra_op_num_threads = threads;
  return nullptr;
}

OnyxStatus* OnyxSessionOptionsAppendProvider(OnyxSessionOptions* options, const char* name) {
  ONYX_CHECK_ARG(options);
  ONYX_CHECK_ARG(name);
  const std::vector<std::string>& names = ProviderNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string available;
    for (const std::string& n : names) available += (available.empty() ? "" : ", ") + n;
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": provider '", name,
                                                          "' is not available in this build (available: ", available,
                                                          ")"));
  }
  options->options.providers.push_back(name);
  return nullptr;
}

OnyxStatus* OnyxSessionOptionsAppendProviderWithOptions(OnyxSessionOptions* options, const char* name,
                                                        const char* const* keys, const char* const* values,
                                                        size_t num_options) {
  ONYX_CHECK_ARG(options);
  ONYX_CHECK_ARG(name);
  if (num_options > 0) {
    ONYX_CHECK_ARG(keys);
    ONYX_CHECK_ARG(values);
  }
  for (size_t i = 0; i < num_options; ++i) {
    if (keys[i] == nullptr || values[i] == nullptr) {
      return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": option #", i, " has a NULL key or value"));
    }
  }
  std::vector<std::string>& providers = options->options.providers;
  const bool listed = std::find(providers.begin(), providers.end(), name) != providers.end();
  if (!listed) {
    if (OnyxStatus* status = OnyxSessionOptionsAppendProvider(options, name)) return status;
  }
  // Keys are checked against the provider's when the session is made.
  for (size_t i = 0; i < num_options; ++i) options->options.provider_options[name][keys[i]] = values[i];
  return nullptr;
}

OnyxStatus* OnyxSessionOptionsSetOptimizationLevel(OnyxSessionOptions* options, OnyxOptimizationLevel level) {
  ONYX_CHECK_ARG(options);
  if (level != ONYX_DISABLE_ALL && level != ONYX_ENABLE_BASIC && level != ONYX_ENABLE_EXTENDED &&
      level != ONYX_ENABLE_LAYOUT && level != ONYX_ENABLE_ALL) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": unknown optimization level ",
                                                          static_cast<int>(level), " (0, 1, 2, 3 or 99)"));
  }
  options->optimization_level = level;
  return nullptr;
}

OnyxStatus* OnyxSessionOptionsGetOptimizationLevel(const OnyxSessionOptions* options, OnyxOptimizationLevel* out) {
  ONYX_CHECK_ARG(options);
  ONYX_CHECK_ARG(out);
  *out = options->optimization_level;
  return nullptr;
}

OnyxStatus* OnyxSessionOptionsSetLogSeverityLevel(OnyxSessionOptions* options, OnyxLoggingLevel level) {
  ONYX_CHECK_ARG(options);
  if (level < ONYX_LOGGING_LEVEL_VERBOSE || level > ONYX_LOGGING_LEVEL_FATAL) {
    return MakeStatus(ONYX_INVALID_ARGUMENT,
                      onyx::StrCat(__func__, ": logging level ", static_cast<int>(level), " is not in 0..4"));
  }
  options->options.log_severity_level = level;
  options->log_level_set = true;
  return nullptr;
}

void OnyxReleaseSessionOptions(OnyxSessionOptions* options) { delete options; }

namespace {

onyx::SessionOptions ResolveOptions(const OnyxEnv* env, const OnyxSessionOptions* options) {
  onyx::SessionOptions resolved = options ? options->options : onyx::SessionOptions();
  if (!(options && options->log_level_set)) resolved.log_severity_level = env->level;
  return resolved;
}

OnyxStatus* WrapSession(const char* function, onyx::Result<std::unique_ptr<onyx::Session>> result,
                        OnyxSession** out) {
  if (!result.ok()) return FromStatus(result.status());
  OnyxSession* session = new (std::nothrow) OnyxSession;
  if (session == nullptr) return OutOfMemory(function, "a session");
  session->session = std::move(result).value();
  *out = session;
  return nullptr;
}

}  // namespace

OnyxStatus* OnyxCreateSession(const OnyxEnv* env, const char* path, const OnyxSessionOptions* options,
                              OnyxSession** out) {
  ONYX_CHECK_ARG(env);
  ONYX_CHECK_ARG(path);
  ONYX_CHECK_ARG(out);
  return WrapSession(__func__, onyx::Session::Open(path, ResolveOptions(env, options)), out);
}

OnyxStatus* OnyxCreateSessionFromBuffer(const OnyxEnv* env, const void* data, size_t size,
                                        const OnyxSessionOptions* options, OnyxSession** out) {
  ONYX_CHECK_ARG(env);
  ONYX_CHECK_ARG(data);
  ONYX_CHECK_ARG(out);
  return WrapSession(__func__, onyx::Session::FromBytes(data, size, ResolveOptions(env, options)), out);
}

OnyxStatus* OnyxCreateSessionFromBorrowedBuffer(const OnyxEnv* env, const void* data, size_t size,
                                                const OnyxSessionOptions* options, OnyxSession** out) {
  ONYX_CHECK_ARG(env);
  ONYX_CHECK_ARG(data);
  ONYX_CHECK_ARG(out);
  return WrapSession(__func__, onyx::Session::FromBorrowedBytes(data, size, ResolveOptions(env, options)), out);
}

void OnyxReleaseSession(OnyxSession* session) { delete session; }

OnyxStatus* OnyxSessionGetInputCount(const OnyxSession* session, size_t* out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  *out = session->session->inputs().size();
  return nullptr;
}

OnyxStatus* OnyxSessionGetOutputCount(const OnyxSession* session, size_t* out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  *out = session->session->outputs().size();
  return nullptr;
}

OnyxStatus* OnyxSessionGetInputName(const OnyxSession* session, size_t index, const char** out) {
  return GetName(__func__, session, false, index, out);
}

OnyxStatus* OnyxSessionGetOutputName(const OnyxSession* session, size_t index, const char** out) {
  return GetName(__func__, session, true, index, out);
}

OnyxStatus* OnyxSessionGetInputType(const OnyxSession* session, size_t index, OnyxDataType* out) {
  return GetType(__func__, session, false, index, out);
}

OnyxStatus* OnyxSessionGetOutputType(const OnyxSession* session, size_t index, OnyxDataType* out) {
  return GetType(__func__, session, true, index, out);
}

OnyxStatus* OnyxSessionGetInputShape(const OnyxSession* session, size_t index, int64_t* dims, size_t capacity,
                                     size_t* rank, int* has_shape) {
  return GetShape(__func__, session, false, index, dims, capacity, rank, has_shape);
}

OnyxStatus* OnyxSessionGetOutputShape(const OnyxSession* session, size_t index, int64_t* dims, size_t capacity,
                                      size_t* rank, int* has_shape) {
  return GetShape(__func__, session, true, index, dims, capacity, rank, has_shape);
}

OnyxStatus* OnyxSessionGetInputDimParam(const OnyxSession* session, size_t index, size_t axis, const char** out) {
  return GetDimParam(__func__, session, false, index, axis, out);
}

OnyxStatus* OnyxSessionGetOutputDimParam(const OnyxSession* session, size_t index, size_t axis, const char** out) {
  return GetDimParam(__func__, session, true, index, axis, out);
}

OnyxStatus* OnyxSessionGetMetadata(const OnyxSession* session, OnyxMetadataField field, const char** out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  const onyx::ModelMetadata& m = session->session->metadata();
  switch (field) {
    case ONYX_METADATA_PRODUCER_NAME: *out = m.producer_name.c_str(); return nullptr;
    case ONYX_METADATA_PRODUCER_VERSION: *out = m.producer_version.c_str(); return nullptr;
    case ONYX_METADATA_GRAPH_NAME: *out = m.graph_name.c_str(); return nullptr;
    case ONYX_METADATA_GRAPH_DESCRIPTION: *out = m.graph_description.c_str(); return nullptr;
    case ONYX_METADATA_DOMAIN: *out = m.domain.c_str(); return nullptr;
    case ONYX_METADATA_DESCRIPTION: *out = m.description.c_str(); return nullptr;
  }
  return MakeStatus(ONYX_INVALID_ARGUMENT,
                    onyx::StrCat(__func__, ": unknown metadata field ", static_cast<int>(field), " (0..5)"));
}

OnyxStatus* OnyxSessionGetModelVersion(const OnyxSession* session, int64_t* out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  *out = session->session->metadata().version;
  return nullptr;
}

OnyxStatus* OnyxSessionGetCustomMetadataCount(const OnyxSession* session, size_t* out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  *out = session->session->metadata().custom_metadata.size();
  return nullptr;
}

OnyxStatus* OnyxSessionGetCustomMetadataKey(const OnyxSession* session, size_t index, const char** out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  const auto& custom = session->session->metadata().custom_metadata;
  if (index >= custom.size()) {
    return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": custom metadata index ", index,
                                                          " is out of range (the model has ", custom.size(),
                                                          " entries)"));
  }
  *out = custom[index].first.c_str();
  return nullptr;
}

OnyxStatus* OnyxSessionLookupCustomMetadata(const OnyxSession* session, const char* key, const char** out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(key);
  ONYX_CHECK_ARG(out);
  *out = nullptr;
  for (const auto& [k, v] : session->session->metadata().custom_metadata) {
    if (k == key) {
      *out = v.c_str();
      break;
    }
  }
  return nullptr;
}

OnyxStatus* OnyxValueGetDataType(const OnyxValue* value, OnyxDataType* out) {
  ONYX_CHECK_ARG(value);
  ONYX_CHECK_ARG(out);
  *out = static_cast<OnyxDataType>(value->tensor.dtype());
  return nullptr;
}

OnyxStatus* OnyxValueGetShape(const OnyxValue* value, int64_t* dims, size_t capacity, size_t* rank) {
  ONYX_CHECK_ARG(value);
  ONYX_CHECK_ARG(rank);
  if (capacity > 0) ONYX_CHECK_ARG(dims);
  WriteShape(value->tensor.dims(), dims, capacity, rank);
  return nullptr;
}

OnyxStatus* OnyxValueGetData(const OnyxValue* value, const void** data, size_t* byte_size) {
  ONYX_CHECK_ARG(value);
  ONYX_CHECK_ARG(data);
  ONYX_CHECK_ARG(byte_size);
  *data = value->tensor.data();
  *byte_size = value->tensor.nbytes();
  return nullptr;
}

void OnyxReleaseValue(OnyxValue* value) { delete value; }

OnyxStatus* OnyxCreateRunOptions(OnyxRunOptions** out) {
  ONYX_CHECK_ARG(out);
  OnyxRunOptions* options = new (std::nothrow) OnyxRunOptions;
  if (options == nullptr) return OutOfMemory(__func__, "run options");
  *out = options;
  return nullptr;
}

OnyxStatus* OnyxRunOptionsSetTerminate(OnyxRunOptions* options, int terminate) {
  ONYX_CHECK_ARG(options);
  options->options.terminate.store(terminate != 0);
  return nullptr;
}

void OnyxReleaseRunOptions(OnyxRunOptions* options) { delete options; }

OnyxStatus* OnyxRun(OnyxSession* session, const OnyxRunOptions* run_options, const char* const* input_names,
                    const OnyxTensor* inputs, size_t num_inputs, const char* const* output_names,
                    OnyxOutputBuffer* outputs, size_t num_outputs) {
  ONYX_CHECK_ARG(session);
  if (num_outputs > 0) ONYX_CHECK_ARG(outputs);
  std::vector<onyx::Value> values;
  std::vector<std::string> names;
  OnyxStatus* status = RunToTensors(__func__, session, run_options, input_names, inputs, num_inputs, output_names,
                                    num_outputs, &values, &names);
  if (status != nullptr) return status;
  for (size_t i = 0; i < values.size(); ++i) {
    OnyxOutputBuffer& b = outputs[i];
    const onyx::HostTensor& t = values[i].tensor();
    b.bytes_written = t.nbytes();
    if (b.byte_size < t.nbytes()) {
      return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": buffer too small for output '", names[i],
                                                            "' (needs ", t.nbytes(), " bytes, got ", b.byte_size,
                                                            ")"));
    }
    if (b.data == nullptr && t.nbytes() > 0) {
      return MakeStatus(ONYX_INVALID_ARGUMENT,
                        onyx::StrCat(__func__, ": outputs[", i, "].data is NULL (output '", names[i], "')"));
    }
    if (b.dims_capacity > 0 && b.dims == nullptr) {
      return MakeStatus(ONYX_INVALID_ARGUMENT, onyx::StrCat(__func__, ": outputs[", i, "].dims is NULL but dims_capacity is ",
                                                            b.dims_capacity));
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    OnyxOutputBuffer& b = outputs[i];
    const onyx::HostTensor& t = values[i].tensor();
    if (t.nbytes() > 0) std::memcpy(b.data, t.data(), t.nbytes());
    b.dtype = static_cast<OnyxDataType>(t.dtype());
    WriteShape(t.dims(), b.dims, b.dims_capacity, &b.rank);
  }
  return nullptr;
}

OnyxStatus* OnyxRunAllocated(OnyxSession* session, const OnyxRunOptions* run_options, const char* const* input_names,
                             const OnyxTensor* inputs, size_t num_inputs, const char* const* output_names,
                             size_t num_outputs, OnyxValue** outputs) {
  ONYX_CHECK_ARG(session);
  if (num_outputs > 0) ONYX_CHECK_ARG(outputs);
  std::vector<onyx::Value> values;
  std::vector<std::string> names;
  OnyxStatus* status = RunToTensors(__func__, session, run_options, input_names, inputs, num_inputs, output_names,
                                    num_outputs, &values, &names);
  if (status != nullptr) return status;
  std::vector<OnyxValue*> made(values.size(), nullptr);
  for (size_t i = 0; i < values.size(); ++i) {
    made[i] = new (std::nothrow) OnyxValue;
    if (made[i] == nullptr) {
      for (OnyxValue* v : made) delete v;
      return OutOfMemory(__func__, "an output value");
    }
    made[i]->tensor = std::move(values[i].tensor());
  }
  for (size_t i = 0; i < made.size(); ++i) outputs[i] = made[i];
  return nullptr;
}

OnyxStatus* OnyxCreateIoBinding(OnyxSession* session, OnyxIoBinding** out) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(out);
  OnyxIoBinding* binding = new (std::nothrow) OnyxIoBinding;
  if (binding == nullptr) return OutOfMemory(__func__, "an IO binding");
  binding->session = session;
  *out = binding;
  return nullptr;
}

OnyxStatus* OnyxIoBindingBindInput(OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor) {
  return Bind(__func__, binding, name, tensor, false, false);
}

OnyxStatus* OnyxIoBindingBindOutput(OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor) {
  return Bind(__func__, binding, name, tensor, true, false);
}

OnyxStatus* OnyxIoBindingBindDeviceInput(OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor) {
  return Bind(__func__, binding, name, tensor, false, true);
}

OnyxStatus* OnyxIoBindingBindDeviceOutput(OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor) {
  return Bind(__func__, binding, name, tensor, true, true);
}

OnyxStatus* OnyxIoBindingClear(OnyxIoBinding* binding) {
  ONYX_CHECK_ARG(binding);
  binding->inputs.clear();
  binding->outputs.clear();
  return nullptr;
}

OnyxStatus* OnyxRunWithBinding(OnyxSession* session, const OnyxRunOptions* run_options,
                               const OnyxIoBinding* binding) {
  ONYX_CHECK_ARG(session);
  ONYX_CHECK_ARG(binding);
  if (binding->session != session) {
    return MakeStatus(ONYX_INVALID_ARGUMENT,
                      onyx::StrCat(__func__, ": the binding was created for another session"));
  }
  // Per-thread vectors, so that a warm run allocates nothing once they have grown.
  thread_local std::vector<onyx::NamedInput> inputs;
  thread_local std::vector<onyx::NamedInput> outputs;
  inputs.resize(binding->inputs.size());
  outputs.resize(binding->outputs.size());
  for (size_t i = 0; i < binding->inputs.size(); ++i) {
    const OnyxIoBinding::Bound& b = binding->inputs[i];
    inputs[i].name = b.name;
    inputs[i].tensor.dtype = b.dtype;
    inputs[i].tensor.dims = b.dims;
    inputs[i].tensor.data = b.data;
    inputs[i].on_device = b.on_device;
  }
  for (size_t i = 0; i < binding->outputs.size(); ++i) {
    const OnyxIoBinding::Bound& b = binding->outputs[i];
    outputs[i].name = b.name;
    outputs[i].tensor.dtype = b.dtype;
    outputs[i].tensor.dims = b.dims;
    outputs[i].tensor.data = b.data;
    outputs[i].on_device = b.on_device;
  }
  onyx::Status status =
      session->session->RunWithBinding(inputs, outputs, run_options ? &run_options->options : nullptr);
  if (!status.ok()) return FromStatus(status.WithContext(__func__));
  return nullptr;
}

void OnyxReleaseIoBinding(OnyxIoBinding* binding) { delete binding; }

}  // extern "C"
