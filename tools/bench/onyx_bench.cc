// onyx-bench: load a model, run it many times, report how fast and how big,
// as onnxruntime_perf_test and TFLite's benchmark_model do.
//
//   onyx-bench model.onyx --threads 2 --iterations 100
//   onyx-bench model.onnx --input-shape input_ids:1,128 --profile --json

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "converter/convert.h"
#include "format/format.h"
#include "runtime/session/session.h"
#include "tools/bench/bench_inputs.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"
#include "tools/bench/trace_summary.h"

namespace onyx::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The progress line on stderr, rewritten in place with '\r'; silent when
// stderr is not a terminal or with --quiet.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { Clear(); }

  // Shows `text` now (phase changes) or at most ten times a second (`throttle`).
  void Show(const std::string& text, bool throttle = false) {
    if (!enabled_) return;
    if (throttle && std::chrono::duration<double>(Clock::now() - last_).count() < 0.1) return;
    last_ = Clock::now();
    std::string line = "onyx-bench: " + text;
    const size_t width = line.size();
    if (width < shown_) line.append(shown_ - width, ' ');
    std::fprintf(stderr, "\r%s", line.c_str());
    std::fflush(stderr);
    shown_ = width;
  }
  void Clear() {
    if (!enabled_ || shown_ == 0) return;
    std::fprintf(stderr, "\r%s\r", std::string(shown_ + 12, ' ').c_str());
    std::fflush(stderr);
    shown_ = 0;
  }

 private:
  bool enabled_;
  size_t shown_ = 0;
  Clock::time_point last_;
};

bool LooksLikeOnyx(const std::string& path) {
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".onyx") == 0) return true;
  // A size-prefixed FlatBuffer: 4-byte size, 4-byte root offset, then the file identifier.
  std::ifstream file(path, std::ios::binary);
  char head[12] = {};
  file.read(head, sizeof(head));
  return file.gcount() == 12 && std::string(head + 8, 4) == format::kFileIdentifier;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

// .onnx: read, convert in memory (as the Python InferenceSession does), create
// the session from the bytes. .onyx: map it.
Result<std::unique_ptr<Session>> Load(const BenchOptions& o, const SessionOptions& so, Progress& progress,
                                      BenchResult* r) {
  struct stat st {};
  RETURN_ERROR_IF(::stat(o.model.c_str(), &st) != 0, StatusCode::kNotFound, "cannot open '", o.model, "'");
  RETURN_ERROR_IF(!S_ISREG(st.st_mode), StatusCode::kInvalidArgument, "'", o.model, "' is not a file");
  r->model_file_bytes = static_cast<uint64_t>(st.st_size);
  if (LooksLikeOnyx(o.model)) {
    r->format = "onyx";
    progress.Show("loading " + o.model);
    const Clock::time_point start = Clock::now();
    Result<std::unique_ptr<Session>> session = Session::Open(o.model, so);
    r->session_ms = r->load_ms = MsSince(start);
    return session;
  }
  r->format = "onnx";
  progress.Show("reading " + o.model);
  Clock::time_point start = Clock::now();
  std::vector<char> onnx;
  {
    std::ifstream file(o.model, std::ios::binary | std::ios::ate);
    RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot open '", o.model, "'");
    const std::streamoff size = file.tellg();
    RETURN_ERROR_IF(size < 0, StatusCode::kNotFound, "cannot read '", o.model, "'");
    onnx.resize(static_cast<size_t>(size));
    file.seekg(0);
    file.read(onnx.data(), size);
    RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot read '", o.model, "'");
  }
  r->read_ms = MsSince(start);
  progress.Show("converting " + o.model);
  converter::ConvertOptions options;
  options.input_shapes = o.input_shapes;
  if (o.optimization_level >= 0) options.optimization_level = o.optimization_level;
  start = Clock::now();
  Result<converter::ConvertResult> converted =
      converter::ConvertOnnx(onnx.data(), onnx.size(), DirName(o.model), options);
  r->convert_ms = MsSince(start);
  if (!converted.ok()) return converted.status().WithContext(o.model);
  r->converted_nodes = converted->summary.num_nodes;
  std::vector<char>().swap(onnx);  // The source is not needed any more: keep it out of the peak.
  if (!o.save_converted.empty()) {
    std::ofstream out(o.save_converted, std::ios::binary);
    out.write(reinterpret_cast<const char*>(converted->file.data()),
              static_cast<std::streamsize>(converted->file.size()));
    RETURN_ERROR_IF(!out, StatusCode::kNotFound, "cannot write '", o.save_converted, "'");
  }
  progress.Show("creating the session");
  start = Clock::now();
  Result<std::unique_ptr<Session>> session = Session::FromBytes(converted->file.data(), converted->file.size(), so);
  r->session_ms = MsSince(start);
  r->load_ms = r->read_ms + r->session_ms;
  if (!session.ok()) return session.status().WithContext(o.model);
  return session;
}

std::string InputNames(const Session& session) {
  std::string s;
  for (const IOInfo& io : session.inputs()) s += (s.empty() ? "'" : ", '") + io.name + "'";
  return s;
}

Status CheckNames(const BenchOptions& o, const Session& session) {
  auto known = [&](const std::string& name) {
    for (const IOInfo& io : session.inputs()) {
      if (io.name == name) return true;
    }
    return false;
  };
  for (const auto& kv : o.input_shapes) {
    RETURN_ERROR_IF(!known(kv.first), StatusCode::kInvalidArgument, "--input-shape: the model has no input '", kv.first,
                    "' (inputs: ", InputNames(session), ")");
  }
  for (const auto& kv : o.input_files) {
    RETURN_ERROR_IF(!known(kv.first), StatusCode::kInvalidArgument, "--input: the model has no input '", kv.first,
                    "' (inputs: ", InputNames(session), ")");
  }
  return Status::Ok();
}

Result<std::vector<HostTensor>> MakeInputs(const BenchOptions& o, const Session& session, BenchResult* r) {
  RETURN_IF_ERROR(CheckNames(o, session));
  std::vector<HostTensor> tensors;
  for (size_t i = 0; i < session.inputs().size(); ++i) {
    const IOInfo& io = session.inputs()[i];
    RETURN_ERROR_IF(io.value_type != planner::ValueType::kTensor, StatusCode::kUnsupported, "input '", io.name,
                    "' is a sequence or optional: onyx-bench feeds tensors only");
    auto file = o.input_files.find(io.name);
    HostTensor t;
    std::string source;
    const bool npy = file != o.input_files.end() && file->second.size() > 4 &&
                     file->second.compare(file->second.size() - 4, 4, ".npy") == 0;
    if (npy) {
      Result<HostTensor> read = ReadNpy(file->second);
      if (!read.ok()) return read.status().WithContext(StrCat("input '", io.name, "'"));
      t = std::move(read).value();
      source = file->second;
    } else {
      Result<Dims> dims = ResolveShape(io, o.input_shapes);
      if (!dims.ok()) return dims.status();
      for (int64_t d : io.dims) {
        if (d < 0 && !o.input_shapes.count(io.name)) {
          r->notes.push_back(StrCat("input '", io.name, "' ", DimsToString(io.dims),
                                    ": symbolic dimensions set to 1 (choose with --input-shape)"));
          break;
        }
      }
      Result<HostTensor> made = file != o.input_files.end()
                                    ? ReadRaw(file->second, io.dtype, dims.value())
                                    : RandomTensor(io.dtype, dims.value(), o.seed ^ (0x9E3779B97F4A7C15ull * (i + 1)));
      if (!made.ok()) return made.status().WithContext(StrCat("input '", io.name, "'"));
      t = std::move(made).value();
      source = file != o.input_files.end() ? file->second : StrCat("random (seed ", o.seed, ")");
    }
    r->inputs.push_back(TensorSummary{io.name, DTypeName(t.dtype()), t.dims(), source});
    tensors.push_back(std::move(t));
  }
  return tensors;
}

Status DumpOutputs(const std::string& dir, const Session& session, const std::vector<Value>& outputs, BenchResult* r) {
  ::mkdir(dir.c_str(), 0755);  // An existing directory is fine; a failure shows when writing.
  for (size_t i = 0; i < outputs.size(); ++i) {
    const std::string& name = session.outputs()[i].name;
    if (!IsTensorDType(outputs[i].dtype())) {
      r->notes.push_back(StrCat("output '", name, "' is not a tensor: not written"));
      continue;
    }
    Status s = WriteNpy(dir + "/" + FileNameFor(name) + ".npy", outputs[i].tensor().view());
    if (s.code() == StatusCode::kUnsupported) {
      r->notes.push_back(s.message());
      continue;
    }
    RETURN_IF_ERROR(s);
  }
  r->dump_dir = dir;
  return Status::Ok();
}

// One buffer per tensor output, shaped as the first run's, bound by name
// (strings and sequences are left to the run to return).
Status BindOutputBuffers(const Session& session, const std::vector<Value>& first, std::vector<HostTensor>* buffers,
                         std::vector<NamedInput>* bound, BenchResult* r) {
  std::vector<std::string> names;
  for (size_t i = 0; i < first.size(); ++i) {
    const bool tensor = IsTensorDType(first[i].dtype());
    r->outputs.push_back(TensorSummary{session.outputs()[i].name, tensor ? DTypeName(first[i].dtype()) : "non-tensor",
                                       tensor ? first[i].tensor().dims() : Dims{}, ""});
    if (!tensor || first[i].dtype() == DType::kString) continue;
    ASSIGN_OR_RETURN(HostTensor buffer, HostTensor::Allocate(first[i].dtype(), first[i].tensor().dims()));
    buffers->push_back(std::move(buffer));
    names.push_back(session.outputs()[i].name);
  }
  // Views taken once every buffer is in place (the vector no longer moves).
  for (size_t b = 0; b < buffers->size(); ++b) bound->push_back(NamedInput{names[b], (*buffers)[b].view()});
  return Status::Ok();
}

// The first run, the warm-up and the timed runs. Timed runs write the
// outputs into buffers bound once (IOBinding), so that copying them out is
// not part of what is measured.
Status RunAll(const BenchOptions& o, Session& session, const std::vector<NamedInput>& inputs, Progress& progress,
              BenchResult* r) {
  progress.Show("first run");
  Clock::time_point start = Clock::now();
  ASSIGN_OR_RETURN(std::vector<Value> first, session.RunValues(inputs, {}));
  r->first_run_ms = MsSince(start);
  std::vector<HostTensor> buffers;
  std::vector<NamedInput> bound;
  RETURN_IF_ERROR(BindOutputBuffers(session, first, &buffers, &bound, r));
  if (!o.dump_outputs.empty()) RETURN_IF_ERROR(DumpOutputs(o.dump_outputs, session, first, r));
  first.clear();
  for (int i = 0; i < o.warmup; ++i) {
    progress.Show(StrCat("warm-up ", i + 1, "/", o.warmup));
    ASSIGN_OR_RETURN(std::vector<Value> unused, session.RunValues(inputs, {}, nullptr, bound));
  }
  r->warmup = o.warmup;
  const int max_runs = o.iterations >= 0 ? o.iterations : (o.duration_s > 0 ? INT_MAX : 100);
  std::vector<double> samples;
  samples.reserve(max_runs == INT_MAX ? 4096 : static_cast<size_t>(max_runs));
  double sum_ms = 0;
  const Clock::time_point loop_start = Clock::now();
  while (static_cast<int>(samples.size()) < max_runs) {
    const double elapsed_s = MsSince(loop_start) / 1000.0;
    if (o.duration_s > 0 && elapsed_s >= o.duration_s) break;
    start = Clock::now();
    ASSIGN_OR_RETURN(std::vector<Value> unused, session.RunValues(inputs, {}, nullptr, bound));
    samples.push_back(MsSince(start));
    sum_ms += samples.back();
    const std::string of = max_runs == INT_MAX ? StrCat(" (", static_cast<int>(elapsed_s), "/", o.duration_s, " s)")
                                               : StrCat("/", max_runs);
    progress.Show(
        StrCat("run ", samples.size(), of, ", last ", samples.back(), " ms, mean ", sum_ms / samples.size(), " ms"),
        true);
  }
  r->timed_wall_s = MsSince(loop_start) / 1000.0;
  r->latency = ComputeStats(samples);
  r->throughput = r->timed_wall_s > 0 ? samples.size() / r->timed_wall_s : 0.0;
  return Status::Ok();
}

Status Summarize(Session& session, const BenchOptions& o, bool kept, BenchResult* r) {
  ASSIGN_OR_RETURN(std::string path, session.EndProfiling());
  std::ifstream file(path);
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot read the profile '", path, "'");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  file.close();
  if (!kept) std::remove(path.c_str());
  Result<TraceSummary> summary = SummarizeTrace(text, r->first_run_ms >= 0 ? 1 + o.warmup : 0);
  if (!summary.ok()) return summary.status().WithContext(path);
  r->profile = std::move(summary).value();
  r->profiled = true;
  if (kept) r->trace_file = path;
  r->notes.push_back("latency measured with profiling on (a timer around every node)");
  return Status::Ok();
}

Status Bench(const BenchOptions& o, BenchResult* r) {
  Progress progress(!o.quiet && ::isatty(STDERR_FILENO));
  SessionOptions so;
  so.providers = o.providers;
  so.intra_op_num_threads = o.threads;
  so.enable_profiling = o.profile;
  const bool keep_trace = !o.profile_prefix.empty();
  if (o.profile) {
    const char* tmp = std::getenv("TMPDIR");
    so.profile_file_prefix =
        keep_trace ? o.profile_prefix : StrCat(tmp && *tmp ? tmp : "/tmp", "/onyx-bench-", ::getpid());
  }
  r->model = o.model;
  r->providers_requested = o.providers;
  r->available_providers = AvailableProviders();
  r->threads = o.threads;
  r->seed = o.seed;
  r->rss_before_load_kib = ProcStatusKib("VmRSS");
  ASSIGN_OR_RETURN(std::unique_ptr<Session> session, Load(o, so, progress, r));
  r->rss_after_load_kib = ProcStatusKib("VmRSS");
  r->providers = session->providers();
  RETURN_ERROR_IF(!o.save_converted.empty() && r->format != "onnx", StatusCode::kInvalidArgument, "--save-converted: '",
                  o.model, "' is already an .onyx model");
  ASSIGN_OR_RETURN(std::vector<HostTensor> tensors, MakeInputs(o, *session, r));
  std::vector<NamedInput> inputs;
  for (size_t i = 0; i < tensors.size(); ++i) inputs.push_back({session->inputs()[i].name, tensors[i].view()});
  if (o.iterations != 0) {
    RETURN_IF_ERROR(RunAll(o, *session, inputs, progress, r));
    Result<Session::MemoryUse> memory = session->PlannedMemory(inputs);
    if (memory.ok()) {
      r->arena_bytes = memory->arena_bytes;
      r->arena_known = true;
    }
  }
  r->rss_end_kib = ProcStatusKib("VmRSS");
  r->peak_rss_kib = ProcStatusKib("VmHWM");
  progress.Clear();
  if (o.profile) RETURN_IF_ERROR(Summarize(*session, o, keep_trace, r));
  return Status::Ok();
}

}  // namespace
}  // namespace onyx::bench

int main(int argc, char** argv) {
  onyx::bench::BenchOptions options;
  bool help = false;
  onyx::Status parsed = onyx::bench::ParseArgs(argc, argv, &options, &help);
  if (help) {
    std::fputs(onyx::bench::Usage(), stdout);
    return 0;
  }
  if (!parsed.ok()) {
    std::fprintf(stderr, "onyx-bench: %s\n\n%s", parsed.message().c_str(), onyx::bench::Usage());
    return 2;
  }
  onyx::bench::BenchResult result;
  onyx::Status status = onyx::bench::Bench(options, &result);
  if (!status.ok()) {
    std::fprintf(stderr, "onyx-bench: error: %s\n", status.ToString().c_str());
    return 1;
  }
  if (options.json) {
    onyx::bench::PrintJson(result, options.top, stdout);
  } else {
    onyx::bench::PrintText(result, options.top, stdout);
  }
  return 0;
}
