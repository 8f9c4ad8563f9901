// _onyx: the pybind11 extension behind the `onyx` package. It exposes the
// converter and onyx::Session; python/onyx/*.py builds ONNX Runtime's API on
// top. Errors become the exception classes of onyx/_errors.py.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "converter/convert.h"
#include "kernels/ref/registry.h"
#include "runtime/session/session.h"

namespace py = pybind11;

namespace onyx {
namespace {

[[noreturn]] void Raise(const Status& status) {
  py::module_::import("onyx._errors").attr("raise_status")(static_cast<int>(status.code()), status.message());
  throw py::error_already_set();  // raise_status always raises; this is unreachable.
}

template <typename T>
T Unwrap(Result<T> result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

// numpy dtype names of the types numpy itself lacks (from ml_dtypes, which
// onnx uses), and onyx's dtype for each.
const std::pair<const char*, DType> kNamedDTypes[] = {
    {"bfloat16", DType::kBFloat16},         {"float8_e4m3fn", DType::kFloat8E4M3FN},
    {"float8_e4m3fnuz", DType::kFloat8E4M3FNUZ}, {"float8_e5m2", DType::kFloat8E5M2},
    {"float8_e5m2fnuz", DType::kFloat8E5M2FNUZ}, {"float8_e8m0fnu", DType::kFloat8E8M0},
    {"int4", DType::kInt4},                 {"uint4", DType::kUInt4},
    {"float4_e2m1fn", DType::kFloat4E2M1},  {"int2", DType::kInt2},
    {"uint2", DType::kUInt2},               {"float6_e2m3fn", DType::kFloat6E2M3},
    {"float6_e3m2fn", DType::kFloat6E3M2},
};

Result<DType> DTypeOfArray(const py::array& a, const std::string& name) {
  std::string dtype_name = py::str(a.dtype().attr("name"));
  for (const auto& named : kNamedDTypes) {
    if (dtype_name == named.first) return named.second;
  }
  char kind = a.dtype().kind();
  ssize_t size = a.dtype().itemsize();
  if (kind == 'f' && size == 4) return DType::kFloat32;
  if (kind == 'f' && size == 8) return DType::kFloat64;
  if (kind == 'f' && size == 2) return DType::kFloat16;
  if (kind == 'b') return DType::kBool;
  if (kind == 'i' && size == 1) return DType::kInt8;
  if (kind == 'i' && size == 2) return DType::kInt16;
  if (kind == 'i' && size == 4) return DType::kInt32;
  if (kind == 'i' && size == 8) return DType::kInt64;
  if (kind == 'u' && size == 1) return DType::kUInt8;
  if (kind == 'u' && size == 2) return DType::kUInt16;
  if (kind == 'u' && size == 4) return DType::kUInt32;
  if (kind == 'u' && size == 8) return DType::kUInt64;
  if (kind == 'O' || kind == 'U' || kind == 'S') return DType::kString;
  return MakeError(StatusCode::kInvalidArgument, "input '", name, "' has numpy dtype ",
                   std::string(py::str(a.dtype())), ", which onyx does not support");
}

const char* NumpyName(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return "float32";
    case DType::kFloat64: return "float64";
    case DType::kFloat16: return "float16";
    case DType::kBool: return "bool";
    default: return DTypeName(dtype);  // int8..uint64 spell the same.
  }
}

py::dtype NumpyDType(DType dtype) {
  for (const auto& named : kNamedDTypes) {
    if (named.second == dtype) return py::dtype::from_args(py::module_::import("ml_dtypes").attr(named.first));
  }
  return py::dtype(NumpyName(dtype));
}

// A string tensor as numpy does it in ONNX Runtime: an object array of str
// (bytes for an element that is not valid UTF-8).
py::array StringsToNumpy(const HostTensor& tensor) {
  std::vector<ssize_t> shape(tensor.dims().begin(), tensor.dims().end());
  py::array out(py::dtype("O"), shape);
  auto** items = static_cast<PyObject**>(out.mutable_data());
  const auto* refs = static_cast<const StringRef*>(tensor.data());
  for (int64_t i = 0; i < NumElements(tensor.dims()); ++i) {
    PyObject* item = PyUnicode_DecodeUTF8(refs[i].data, static_cast<ssize_t>(refs[i].size), "strict");
    if (item == nullptr) {
      PyErr_Clear();
      item = PyBytes_FromStringAndSize(refs[i].data, static_cast<ssize_t>(refs[i].size));
      if (item == nullptr) throw py::error_already_set();
    }
    Py_XDECREF(items[i]);  // numpy fills new object arrays with None.
    items[i] = item;
  }
  return out;
}

py::array ToNumpy(HostTensor tensor) {
  if (tensor.dtype() == DType::kString) return StringsToNumpy(tensor);
  auto* owned = new HostTensor(std::move(tensor));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<HostTensor*>(p); });
  std::vector<ssize_t> shape(owned->dims().begin(), owned->dims().end());
  return py::array(NumpyDType(owned->dtype()), shape, owned->data(), free_when_done);
}

py::list IOInfoList(const std::vector<IOInfo>& infos) {
  py::list out;
  for (const IOInfo& io : infos) {
    py::list shape;
    for (size_t i = 0; i < io.dims.size(); ++i) {
      if (io.dims[i] >= 0) shape.append(io.dims[i]);
      else if (!io.dim_params[i].empty()) shape.append(io.dim_params[i]);
      else shape.append(py::none());
    }
    std::string type = std::string("tensor(") + DTypeName(io.dtype) + ")";
    if (io.value_type == planner::ValueType::kSequence) type = "seq(" + type + ")";
    if (io.value_type == planner::ValueType::kOptional) type = "optional(" + type + ")";
    out.append(py::make_tuple(io.name, type,
                              io.has_shape ? py::object(shape) : py::object(py::list())));
  }
  return out;
}

py::dict Metadata(const ModelMetadata& md) {
  py::dict d;
  d["producer_name"] = md.producer_name;
  d["producer_version"] = md.producer_version;
  d["graph_name"] = md.graph_name;
  d["graph_description"] = md.graph_description;
  d["domain"] = md.domain;
  d["description"] = md.description;
  d["version"] = md.version;
  py::dict custom;
  for (const auto& kv : md.custom_metadata) custom[py::str(kv.first)] = kv.second;
  d["custom_metadata_map"] = custom;
  d["converter_version"] = md.converter_version;
  d["source_hash"] = md.source_hash;
  return d;
}

SessionOptions MakeOptions(const std::vector<std::string>& providers, int threads) {
  SessionOptions options;
  options.providers = providers;
  options.intra_op_num_threads = threads;
  return options;
}

// The elements of a numpy array of str, bytes, or objects that are one of
// them, as a string tensor (UTF-8).
HostTensor StringsOfArray(const py::array& a, const std::string& name) {
  Dims dims(a.shape(), a.shape() + a.ndim());
  HostTensor t = Unwrap(HostTensor::Allocate(DType::kString, dims));
  py::list items = py::module_::import("numpy").attr("ravel")(a).attr("tolist")();
  int64_t i = 0;
  for (const py::handle& item : items) {
    if (PyUnicode_Check(item.ptr())) {
      ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(item.ptr(), &size);
      if (utf8 == nullptr) throw py::error_already_set();
      t.SetString(i++, std::string_view(utf8, static_cast<size_t>(size)));
    } else if (PyBytes_Check(item.ptr())) {
      t.SetString(i++, std::string_view(PyBytes_AS_STRING(item.ptr()), static_cast<size_t>(PyBytes_GET_SIZE(item.ptr()))));
    } else {
      Raise(Status(StatusCode::kInvalidArgument,
                   StrCat("input '", name, "': element #", i, " of the string tensor is a ",
                          std::string(py::str(item.get_type().attr("__name__"))), ", not str or bytes")));
    }
  }
  return t;
}

// A view of a numpy array; string arrays are converted into `kept`, which
// outlives the run.
TensorView ViewOfArray(const py::array& a, const std::string& name, std::vector<HostTensor>& kept) {
  TensorView view;
  view.dtype = Unwrap(DTypeOfArray(a, name));
  if (view.dtype == DType::kString) {
    kept.push_back(StringsOfArray(a, name));
    return kept.back().view();
  }
  view.dims.assign(a.shape(), a.shape() + a.ndim());
  view.data = const_cast<void*>(a.data());
  return view;
}

// A feed value: a numpy array, a list of arrays (a sequence), or None (an
// empty optional). Sequences are copied into `sequences`, which outlives the run.
TensorView ViewOfFeed(const py::handle& value, const std::string& name,
                      std::vector<std::unique_ptr<SequenceValue>>& sequences, std::vector<HostTensor>& kept) {
  if (value.is_none()) return TensorView{DType::kOptionalNone, {}, nullptr};
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    auto seq = std::make_unique<SequenceValue>();
    for (const py::handle& item : value) {
      // ensure() keeps 0-d arrays 0-d (numpy's ascontiguousarray would not).
      py::array a = py::array::ensure(item, py::array::c_style);
      if (!a) throw py::error_already_set();
      TensorView v = ViewOfArray(a, name, kept);
      seq->elem_type = v.dtype;
      seq->items.push_back(Unwrap(HostTensor::CopyOf(v)));
    }
    sequences.push_back(std::move(seq));
    return TensorView{DType::kSequence, {}, sequences.back().get()};
  }
  return ViewOfArray(py::reinterpret_borrow<py::array>(value), name, kept);
}

py::object ToPython(Value value) {
  if (value.is_none()) return py::none();
  if (value.is_sequence()) {
    py::list items;
    for (const HostTensor& t : value.sequence().items) items.append(ToNumpy(HostTensor(t)));
    return std::move(items);
  }
  return ToNumpy(std::move(value.tensor()));
}

// Runs the session. `bound_names`/`bound_arrays`: outputs written into
// those (writable, C-contiguous) numpy arrays in place; they come back as None.
py::list RunSession(Session& session, const std::vector<std::string>& names, const py::list& values,
                    const std::vector<std::string>& output_names, RunOptions* run_options,
                    const std::vector<std::string>& bound_names, const py::list& bound_arrays) {
  std::vector<NamedInput> inputs;
  std::vector<std::unique_ptr<SequenceValue>> sequences;
  std::vector<HostTensor> kept;  // String inputs; views point into their heap buffers.
  for (size_t i = 0; i < names.size(); ++i) {
    inputs.push_back(NamedInput{names[i], ViewOfFeed(values[i], names[i], sequences, kept)});
  }
  std::vector<NamedInput> bound;
  for (size_t i = 0; i < bound_names.size(); ++i) {
    py::array a = py::reinterpret_borrow<py::array>(bound_arrays[i]);
    if (!a.writeable() || !(a.flags() & py::array::c_style)) {
      Raise(Status(StatusCode::kInvalidArgument,
                   StrCat("output '", bound_names[i], "' is bound to an array that is not writable and C-contiguous")));
    }
    TensorView view;
    view.dtype = Unwrap(DTypeOfArray(a, bound_names[i]));
    view.dims.assign(a.shape(), a.shape() + a.ndim());
    view.data = a.mutable_data();
    bound.push_back(NamedInput{bound_names[i], view});
  }
  Result<std::vector<Value>> outputs = Status(StatusCode::kInternal, "not run");
  {
    py::gil_scoped_release release;
    outputs = session.RunValues(inputs, output_names, run_options, bound);
  }
  py::list result;
  std::vector<Value> values_out = Unwrap(std::move(outputs));
  std::vector<std::string> wanted = output_names;
  if (wanted.empty()) {
    for (const IOInfo& io : session.outputs()) wanted.push_back(io.name);
  }
  for (size_t i = 0; i < values_out.size(); ++i) {
    const bool is_bound = std::find(bound_names.begin(), bound_names.end(), wanted[i]) != bound_names.end();
    result.append(is_bound ? py::object(py::none()) : ToPython(std::move(values_out[i])));
  }
  return result;
}

using ProviderOptions = std::map<std::string, std::map<std::string, std::string>>;

SessionOptions MakeOptions(const std::vector<std::string>& providers, int threads, bool profiling,
                           const std::string& profile_prefix, const ProviderOptions& provider_options) {
  SessionOptions options = MakeOptions(providers, threads);
  options.enable_profiling = profiling;
  options.profile_file_prefix = profile_prefix;
  options.provider_options = provider_options;
  return options;
}

py::tuple Convert(const py::bytes& data, const std::string& base_dir,
                  const std::map<std::string, std::vector<int64_t>>& input_shapes, int optimization_level,
                  const std::vector<std::map<std::string, std::vector<int64_t>>>& extra_profiles) {
  converter::ConvertOptions options;
  for (const auto& kv : input_shapes) options.input_shapes[kv.first] = kv.second;
  for (const auto& profile : extra_profiles) {
    auto& shapes = options.extra_profiles.emplace_back();
    for (const auto& kv : profile) shapes[kv.first] = kv.second;
  }
  options.optimization_level = optimization_level;
  std::string bytes = data;
  converter::ConvertResult result = Unwrap(converter::ConvertOnnx(bytes.data(), bytes.size(), base_dir, options));
  py::dict summary;
  summary["num_nodes"] = result.summary.num_nodes;
  summary["op_counts"] = result.summary.op_counts;
  summary["weight_bytes"] = result.summary.weight_bytes;
  summary["planned"] = result.summary.planned;
  summary["plan_note"] = result.summary.plan_note;
  summary["arena_bytes"] = result.summary.arena_bytes;
  summary["naive_bytes"] = result.summary.naive_bytes;
  summary["lower_bound_bytes"] = result.summary.lower_bound_bytes;
  summary["imported_nodes"] = result.summary.imported_nodes;
  summary["rewrites"] = result.summary.rewrites;
  summary["profiles"] = result.summary.profile_arenas;
  summary["provider_counts"] = result.summary.provider_counts;
  return py::make_tuple(py::bytes(reinterpret_cast<const char*>(result.file.data()), result.file.size()), summary);
}

}  // namespace
}  // namespace onyx

PYBIND11_MODULE(_onyx, m) {
  using namespace onyx;
  m.doc() = "onyx native extension (see the onyx package)";
  m.def("convert", &Convert, py::arg("data"), py::arg("base_dir") = ".",
        py::arg("input_shapes") = std::map<std::string, std::vector<int64_t>>{},
        py::arg("optimization_level") = 99,
        py::arg("extra_profiles") = std::vector<std::map<std::string, std::vector<int64_t>>>{},
        "Converts ONNX bytes to .onyx bytes; returns (bytes, summary).");
  m.def("available_providers", &AvailableProviders);
  m.def(
      "supported_ops",
      [] {
        std::vector<py::tuple> ops;
        for (const kernels::KernelDef& def : kernels::ref::Library().kernels) {
          ops.push_back(py::make_tuple(def.domain, def.op_type, def.since_version, def.until_version));
        }
        // Control flow runs in the executor, not as a kernel.
        const std::pair<const char*, int> control_flow[] = {{"If", 1}, {"Loop", 1}, {"Scan", 8}, {"SequenceMap", 17}};
        for (const auto& [op, since] : control_flow) {
          ops.push_back(py::make_tuple("", op, since, kernels::kLatestOpset));
        }
        return ops;
      },
      "(domain, op_type, since_version, until_version) of every reference kernel.");

  m.def("set_seed", [](int64_t seed) { kernels::ref::SetDefaultRandomSeed(static_cast<uint64_t>(seed)); },
        py::arg("seed"), "Seeds the random operators that have no 'seed' attribute (sessions created from now on).");

  py::class_<RunOptions>(m, "RunOptions")
      .def(py::init<>())
      .def_readwrite("tag", &RunOptions::tag)
      .def_property(
          "terminate", [](const RunOptions& r) { return r.terminate.load(); },
          [](RunOptions& r, bool v) { r.terminate.store(v); });

  py::class_<Session>(m, "Session")
      .def_static(
          "open",
          [](const std::string& path, const std::vector<std::string>& providers, int threads, bool profiling,
             const std::string& profile_prefix, const ProviderOptions& provider_options) {
            return Unwrap(
                Session::Open(path, MakeOptions(providers, threads, profiling, profile_prefix, provider_options)));
          },
          py::arg("path"), py::arg("providers"), py::arg("intra_op_num_threads") = 0,
          py::arg("enable_profiling") = false, py::arg("profile_file_prefix") = "onyx_profile",
          py::arg("provider_options") = ProviderOptions())
      .def_static(
          "from_bytes",
          [](const py::bytes& data, const std::vector<std::string>& providers, int threads, bool profiling,
             const std::string& profile_prefix, const ProviderOptions& provider_options) {
            std::string bytes = data;
            return Unwrap(Session::FromBytes(
                bytes.data(), bytes.size(), MakeOptions(providers, threads, profiling, profile_prefix, provider_options)));
          },
          py::arg("data"), py::arg("providers"), py::arg("intra_op_num_threads") = 0,
          py::arg("enable_profiling") = false, py::arg("profile_file_prefix") = "onyx_profile",
          py::arg("provider_options") = ProviderOptions())
      .def("end_profiling", [](Session& s) { return Unwrap(s.EndProfiling()); })
      .def("profiling_start_time_ns", &Session::ProfilingStartTimeNs)
      .def("provider_options", [](const Session& s) { return s.provider_options(); })
      .def("inputs", [](const Session& s) { return IOInfoList(s.inputs()); })
      .def("outputs", [](const Session& s) { return IOInfoList(s.outputs()); })
      .def("metadata", [](const Session& s) { return Metadata(s.metadata()); })
      .def("providers", &Session::providers)
      .def("run", &RunSession, py::arg("names"), py::arg("arrays"), py::arg("output_names"),
           py::arg("run_options") = nullptr, py::arg("bound_names") = std::vector<std::string>{},
           py::arg("bound_arrays") = py::list());
}
