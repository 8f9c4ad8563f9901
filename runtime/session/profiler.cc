#include "runtime/session/profiler.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>

namespace onyx {
namespace {

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// [{"float":[1,3,224,224]}, ...] as ONNX Runtime writes input_type_shape.
std::string TypeShapes(const std::vector<const TensorView*>& views) {
  std::string out = "[";
  for (const TensorView* v : views) {
    if (v == nullptr) continue;
    if (out.size() > 1) out += ",";
    out += "{" + JsonString(DTypeName(v->dtype)) + ":[";
    for (size_t d = 0; d < v->dims.size(); ++d) out += (d ? "," : "") + std::to_string(v->dims[d]);
    out += "]}";
  }
  return out + "]";
}

}  // namespace

Profiler::Profiler(std::string file_prefix)
    : prefix_(std::move(file_prefix)),
      start_steady_ns_(SteadyNowNs()),
      start_epoch_ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count()) {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%d_%H-%M-%S", &local);
  path_ = prefix_ + "_" + stamp + ".json";
}

int64_t Profiler::SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Profiler::Event(const char* category, const std::string& name, int64_t start_ns, int64_t duration_ns,
                            const std::string& args) const {
  // Chrome traces count microseconds from the trace's start.
  return StrCat("{\"cat\":\"", category, "\",\"pid\":", getpid(), ",\"tid\":", gettid(), ",\"dur\":", duration_ns / 1000,
                ",\"ts\":", (start_ns - start_steady_ns_) / 1000, ",\"ph\":\"X\",\"name\":", JsonString(name),
                ",\"args\":", args, "}");
}

void Profiler::AddSessionEvent(const std::string& name, int64_t start_ns, int64_t duration_ns) {
  if (!active()) return;
  std::string e = Event("Session", name, start_ns, duration_ns, "{}");
  std::lock_guard<std::mutex> lock(mutex_);
  events_.push_back(std::move(e));
}

void Profiler::AddRun(const executor::ExecutionPlan& plan, const executor::Workspace& ws,
                      const std::vector<executor::NodeTiming>& timings, int64_t start_ns, int64_t duration_ns) {
  if (!active()) return;
  std::vector<std::string> events;
  for (const executor::NodeTiming& t : timings) {
    const planner::Node& node = plan.graph().nodes[t.node];
    std::string name = node.info.name.empty() ? node.info.op_type + "_" + std::to_string(t.node) : node.info.name;
    std::string args = StrCat("{\"op_name\":", JsonString(node.info.op_type),
                              ",\"provider\":", JsonString(plan.provider_of(t.node)),
                              ",\"input_type_shape\":", TypeShapes(ws.node_inputs[t.node]),
                              ",\"output_type_shape\":", TypeShapes({ws.node_outputs[t.node].begin(),
                                                                      ws.node_outputs[t.node].end()}),
                              "}");
    events.push_back(Event("Node", name + "_kernel_time", t.start_ns, t.duration_ns, args));
  }
  events.push_back(Event("Session", "model_run", start_ns, duration_ns, "{}"));
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::string& e : events) events_.push_back(std::move(e));
}

Result<std::string> Profiler::End() {
  RETURN_ERROR_IF(!active_.exchange(false), StatusCode::kFailedPrecondition, "profiling has already ended");
  const std::string& path = path_;
  std::vector<std::string> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    events.swap(events_);
  }
  std::ofstream file(path);
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot write the profile '", path, "'");
  file << "[\n";
  for (size_t i = 0; i < events.size(); ++i) file << events[i] << (i + 1 < events.size() ? ",\n" : "\n");
  file << "]\n";
  RETURN_ERROR_IF(!file, StatusCode::kInternal, "writing the profile '", path, "' failed");
  return path;
}

}  // namespace onyx
