#include "tools/bench/bench_report.h"

#include <algorithm>
#include <cmath>

#include "converter/convert.h"

namespace onyx::bench {
namespace {

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string MiB(int64_t kib) {
  if (kib < 0) return "?";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f MiB", kib / 1024.0);
  return buf;
}

// Writes JSON with commas placed for it: Key() then a value, or Begin/End.
class JsonWriter {
 public:
  explicit JsonWriter(std::FILE* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(const std::string& key) {
    Comma();
    WriteString(key);
    std::fputc(':', out_);
    after_key_ = true;
  }
  void String(const std::string& s) {
    Comma();
    WriteString(s);
  }
  void Number(double v) {
    Comma();
    if (!std::isfinite(v)) {
      std::fputs("null", out_);
    } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
      std::fprintf(out_, "%.0f", v);
    } else {
      std::fprintf(out_, "%.6g", v);
    }
  }
  void Int(int64_t v) {
    Comma();
    std::fprintf(out_, "%lld", static_cast<long long>(v));
  }
  void Bool(bool v) {
    Comma();
    std::fputs(v ? "true" : "false", out_);
  }
  void Null() {
    Comma();
    std::fputs("null", out_);
  }
  // A milliseconds field where -1 means "did not happen".
  void MaybeMs(const std::string& key, double ms) {
    Key(key);
    if (ms < 0)
      Null();
    else
      Number(ms);
  }
  void Strings(const std::vector<std::string>& items) {
    BeginArray();
    for (const std::string& s : items) String(s);
    EndArray();
  }
  void Dims(const onyx::Dims& dims) {
    BeginArray();
    for (int64_t d : dims) Int(d);
    EndArray();
  }

 private:
  void Comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) std::fputc(',', out_);
    first_ = false;
  }
  void Open(char c) {
    Comma();
    std::fputc(c, out_);
    first_ = true;
  }
  void Close(char c) {
    std::fputc(c, out_);
    first_ = false;
  }
  void WriteString(const std::string& s) {
    std::fputc('"', out_);
    for (unsigned char c : s) {
      if (c == '"' || c == '\\')
        std::fprintf(out_, "\\%c", c);
      else if (c < 0x20)
        std::fprintf(out_, "\\u%04x", c);
      else
        std::fputc(c, out_);
    }
    std::fputc('"', out_);
  }

  std::FILE* out_;
  bool first_ = true;
  bool after_key_ = false;
};

void JsonTensors(JsonWriter& w, const std::vector<TensorSummary>& tensors) {
  w.BeginArray();
  for (const TensorSummary& t : tensors) {
    w.BeginObject();
    w.Key("name");
    w.String(t.name);
    w.Key("dtype");
    w.String(t.dtype);
    w.Key("shape");
    w.Dims(t.dims);
    if (!t.source.empty()) {
      w.Key("source");
      w.String(t.source);
    }
    w.EndObject();
  }
  w.EndArray();
}

void JsonProfile(JsonWriter& w, const BenchResult& r, int top) {
  const TraceSummary& p = r.profile;
  w.BeginObject();
  w.Key("runs");
  w.Int(p.runs);
  w.Key("run_ms");
  w.Number(p.run_ms);
  w.Key("node_ms_per_run");
  w.Number(p.node_ms_per_run);
  w.Key("trace_file");
  if (r.trace_file.empty())
    w.Null();
  else
    w.String(r.trace_file);
  w.Key("by_op_type");
  w.BeginArray();
  for (const OpTypeTime& t : p.by_op_type) {
    w.BeginObject();
    w.Key("op_type");
    w.String(t.op_type);
    w.Key("provider");
    w.String(t.provider);
    w.Key("nodes");
    w.Int(t.nodes);
    w.Key("ms_per_run");
    w.Number(t.ms_per_run);
    w.Key("percent");
    w.Number(t.percent);
    w.EndObject();
  }
  w.EndArray();
  w.Key("by_node");
  w.BeginArray();
  for (size_t i = 0; i < p.by_node.size() && static_cast<int>(i) < top; ++i) {
    const NodeTime& n = p.by_node[i];
    w.BeginObject();
    w.Key("name");
    w.String(n.name);
    w.Key("op_type");
    w.String(n.op_type);
    w.Key("provider");
    w.String(n.provider);
    w.Key("output_shape");
    w.String(n.output_shape);
    w.Key("ms_per_run");
    w.Number(n.ms_per_run);
    w.Key("percent");
    w.Number(n.percent);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void JsonLatency(JsonWriter& w, const BenchResult& r) {
  const LatencyStats& l = r.latency;
  w.Key("iterations");
  w.Int(l.count);
  w.Key("latency_ms");
  if (l.count == 0) {
    w.Null();
  } else {
    w.BeginObject();
    const std::pair<const char*, double> fields[] = {
        {"min", l.min_ms}, {"median", l.median_ms}, {"p90", l.p90_ms},      {"p99", l.p99_ms},
        {"max", l.max_ms}, {"mean", l.mean_ms},     {"stddev", l.stddev_ms}};
    for (const auto& f : fields) {
      w.Key(f.first);
      w.Number(f.second);
    }
    w.EndObject();
  }
  w.Key("timed_wall_s");
  w.Number(r.timed_wall_s);
  w.Key("throughput_per_s");
  w.Number(r.throughput);
}

void JsonMemory(JsonWriter& w, const BenchResult& r) {
  w.BeginObject();
  const std::pair<const char*, int64_t> fields[] = {{"rss_before_load_kib", r.rss_before_load_kib},
                                                    {"rss_after_load_kib", r.rss_after_load_kib},
                                                    {"rss_end_kib", r.rss_end_kib},
                                                    {"peak_rss_kib", r.peak_rss_kib}};
  for (const auto& f : fields) {
    w.Key(f.first);
    if (f.second < 0)
      w.Null();
    else
      w.Int(f.second);
  }
  w.Key("peak_rss_above_base_kib");
  if (r.peak_rss_kib < 0 || r.rss_before_load_kib < 0)
    w.Null();
  else
    w.Int(r.peak_rss_kib - r.rss_before_load_kib);
  w.Key("arena_bytes");
  if (r.arena_known)
    w.Int(static_cast<int64_t>(r.arena_bytes));
  else
    w.Null();
  w.EndObject();
}

}  // namespace

void PrintJson(const BenchResult& r, int top, std::FILE* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("tool");
  w.String("onyx-bench");
  w.Key("onyx_version");
  w.String(converter::kConverterVersion);
  w.Key("model");
  w.String(r.model);
  w.Key("format");
  w.String(r.format);
  w.Key("model_file_bytes");
  w.Int(static_cast<int64_t>(r.model_file_bytes));
  w.Key("providers_requested");
  w.Strings(r.providers_requested);
  w.Key("providers");
  w.Strings(r.providers);
  w.Key("available_providers");
  w.Strings(r.available_providers);
  w.Key("threads");
  w.Int(r.threads);
  w.Key("seed");
  w.Int(static_cast<int64_t>(r.seed));
  w.Key("inputs");
  JsonTensors(w, r.inputs);
  w.Key("outputs");
  JsonTensors(w, r.outputs);
  w.Key("load");
  w.BeginObject();
  w.MaybeMs("read_ms", r.read_ms);
  w.MaybeMs("convert_ms", r.convert_ms);
  w.MaybeMs("session_ms", r.session_ms);
  w.MaybeMs("load_ms", r.load_ms);
  if (r.format == "onnx") {
    w.Key("converted_nodes");
    w.Int(static_cast<int64_t>(r.converted_nodes));
  }
  w.EndObject();
  w.MaybeMs("first_run_ms", r.first_run_ms);
  w.Key("warmup");
  w.Int(r.warmup);
  JsonLatency(w, r);
  w.Key("memory");
  JsonMemory(w, r);
  w.Key("dump_dir");
  if (r.dump_dir.empty())
    w.Null();
  else
    w.String(r.dump_dir);
  w.Key("profile");
  if (r.profiled)
    JsonProfile(w, r, top);
  else
    w.Null();
  w.Key("notes");
  w.Strings(r.notes);
  w.EndObject();
  std::fputc('\n', out);
}

void PrintText(const BenchResult& r, int top, std::FILE* out) {
  std::fprintf(out, "model:       %s (%s)\n", r.model.c_str(),
               r.format == "onnx" ? "ONNX, converted in memory" : ".onyx, mapped");
  std::fprintf(out, "providers:   %s (available: %s)\n", Join(r.providers, ", ").c_str(),
               Join(r.available_providers, ", ").c_str());
  std::fprintf(out, "threads:     %d%s\n", r.threads, r.threads == 0 ? " (onyx chooses)" : "");
  for (const TensorSummary& t : r.inputs) {
    std::fprintf(out, "input:       %s %s %s, %s\n", t.name.c_str(), t.dtype.c_str(), DimsToString(t.dims).c_str(),
                 t.source.c_str());
  }
  for (const TensorSummary& t : r.outputs) {
    std::fprintf(out, "output:      %s %s %s\n", t.name.c_str(), t.dtype.c_str(), DimsToString(t.dims).c_str());
  }
  if (r.format == "onnx") {
    std::fprintf(out, "load:        %.2f ms (read %.2f ms, session %.2f ms); conversion %.2f ms (%zu nodes)\n",
                 r.load_ms, r.read_ms, r.session_ms, r.convert_ms, r.converted_nodes);
  } else {
    std::fprintf(out, "load:        %.2f ms (map and create the session)\n", r.load_ms);
  }
  if (r.first_run_ms >= 0) std::fprintf(out, "first run:   %.3f ms\n", r.first_run_ms);
  const LatencyStats& l = r.latency;
  if (l.count > 0) {
    std::fprintf(out, "latency:     %d runs after %d warm-up: min %.3f, median %.3f, p90 %.3f, p99 %.3f, max %.3f ms\n",
                 l.count, r.warmup, l.min_ms, l.median_ms, l.p90_ms, l.p99_ms, l.max_ms);
    std::fprintf(out, "             mean %.3f ms, stddev %.3f ms\n", l.mean_ms, l.stddev_ms);
    std::fprintf(out, "throughput:  %.2f inferences/s\n", r.throughput);
  }
  std::fprintf(
      out, "memory:      peak RSS %s; %s before load, so %s for the model and its runs", MiB(r.peak_rss_kib).c_str(),
      MiB(r.rss_before_load_kib).c_str(),
      MiB(r.peak_rss_kib < 0 || r.rss_before_load_kib < 0 ? -1 : r.peak_rss_kib - r.rss_before_load_kib).c_str());
  if (r.arena_known) std::fprintf(out, "; arena %.2f MiB", r.arena_bytes / 1048576.0);
  std::fputc('\n', out);
  if (!r.dump_dir.empty()) std::fprintf(out, "outputs:     written to %s/<output>.npy\n", r.dump_dir.c_str());
  for (const std::string& note : r.notes) std::fprintf(out, "note:        %s\n", note.c_str());
  if (!r.profiled) return;
  const TraceSummary& p = r.profile;
  std::fprintf(out, "\nprofile: %d run(s), %.3f ms per run, %.3f ms of it in nodes%s%s\n", p.runs, p.run_ms,
               p.node_ms_per_run, r.trace_file.empty() ? "" : "; trace ", r.trace_file.c_str());
  std::fprintf(out, "  %-24s %-26s %6s %12s %7s\n", "op type", "provider", "nodes", "ms/run", "%");
  for (const OpTypeTime& t : p.by_op_type) {
    std::fprintf(out, "  %-24s %-26s %6d %12.3f %6.1f%%\n", t.op_type.c_str(), t.provider.c_str(), t.nodes,
                 t.ms_per_run, t.percent);
  }
  const int shown = std::min<int>(top, static_cast<int>(p.by_node.size()));
  if (shown <= 0) return;
  std::fprintf(out, "\n  the %d slowest node(s):\n", shown);
  std::fprintf(out, "  %-36s %-18s %-22s %12s %7s\n", "node", "op type", "output", "ms/run", "%");
  for (int i = 0; i < shown; ++i) {
    const NodeTime& n = p.by_node[i];
    std::string name = n.name.size() > 36 ? "..." + n.name.substr(n.name.size() - 33) : n.name;
    std::fprintf(out, "  %-36s %-18s %-22s %12.3f %6.1f%%\n", name.c_str(), n.op_type.c_str(), n.output_shape.c_str(),
                 n.ms_per_run, n.percent);
  }
}

}  // namespace onyx::bench
