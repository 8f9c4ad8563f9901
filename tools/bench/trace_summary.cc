#include "tools/bench/trace_summary.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

namespace onyx::bench {
namespace {

// Just enough JSON for a Chrome trace: objects, arrays, strings, numbers,
// true/false/null. Depth is bounded so a hostile file cannot overflow the stack.
struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  double number = 0;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* Get(const std::string& key) const {
    for (const auto& m : members) {
      if (m.first == key) return &m.second;
    }
    return nullptr;
  }
  std::string Str(const std::string& key) const {
    const Json* v = Get(key);
    return v && v->kind == kString ? v->text : "";
  }
  double Num(const std::string& key) const {
    const Json* v = Get(key);
    return v && v->kind == kNumber ? v->number : 0.0;
  }
};

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  Status Parse(Json* out) {
    RETURN_IF_ERROR(Value(out, 0));
    Skip();
    RETURN_ERROR_IF(pos_ != s_.size(), StatusCode::kInvalidArgument, "trace: text after the JSON value at byte ", pos_);
    return Status::Ok();
  }

 private:
  void Skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  Status Fail(const char* what) const {
    return MakeError(StatusCode::kInvalidArgument, "trace: ", what, " at byte ", pos_);
  }
  bool Literal(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (s_.compare(pos_, n, word) != 0) return false;
    pos_ += n;
    return true;
  }

  Status String(std::string* out) {
    ++pos_;  // The opening quote.
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (pos_ >= s_.size()) return Fail("unterminated string");
      char e = s_[pos_++];
      if (e == 'u') {
        if (pos_ + 4 > s_.size()) return Fail("bad \\u escape");
        long code = std::strtol(s_.substr(pos_, 4).c_str(), nullptr, 16);
        pos_ += 4;
        *out += code < 0x80 ? static_cast<char>(code) : '?';  // Names and shapes are ASCII.
      } else {
        *out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
      }
    }
    if (pos_ >= s_.size()) return Fail("unterminated string");
    ++pos_;
    return Status::Ok();
  }

  Status Value(Json* out, int depth) {
    if (depth > 64) return Fail("nesting too deep");
    Skip();
    if (pos_ >= s_.size()) return Fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{' || c == '[') return Container(out, depth, c == '{');
    if (c == '"') {
      out->kind = Json::kString;
      return String(&out->text);
    }
    if (Literal("true") || Literal("false")) {
      out->kind = Json::kBool;
      out->number = s_[pos_ - 2] == 'u' ? 1 : 0;  // "tr-u-e" against "fal-s-e".
      return Status::Ok();
    }
    if (Literal("null")) return Status::Ok();
    const char* start = s_.c_str() + pos_;
    char* end = nullptr;
    out->number = std::strtod(start, &end);
    if (end == start) return Fail("unexpected character");
    out->kind = Json::kNumber;
    pos_ += static_cast<size_t>(end - start);
    return Status::Ok();
  }

  Status Container(Json* out, int depth, bool object) {
    out->kind = object ? Json::kObject : Json::kArray;
    const char close = object ? '}' : ']';
    ++pos_;
    Skip();
    if (pos_ < s_.size() && s_[pos_] == close) {
      ++pos_;
      return Status::Ok();
    }
    while (true) {
      Skip();
      if (object) {
        if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a key");
        std::string key;
        RETURN_IF_ERROR(String(&key));
        Skip();
        if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
        ++pos_;
        out->members.emplace_back(std::move(key), Json());
        RETURN_IF_ERROR(Value(&out->members.back().second, depth + 1));
      } else {
        out->items.emplace_back();
        RETURN_IF_ERROR(Value(&out->items.back(), depth + 1));
      }
      Skip();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == close) {
        ++pos_;
        return Status::Ok();
      }
      return Fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
};

// "float[1,64,56,56]" from [{"float":[1,64,56,56]}].
std::string FirstShape(const Json* type_shapes) {
  if (type_shapes == nullptr || type_shapes->kind != Json::kArray || type_shapes->items.empty()) return "";
  const Json& first = type_shapes->items[0];
  if (first.kind != Json::kObject || first.members.empty()) return "";
  std::string out = first.members[0].first + "[";
  const Json& dims = first.members[0].second;
  for (size_t i = 0; i < dims.items.size(); ++i) {
    out += (i ? "," : "") + std::to_string(static_cast<long long>(dims.items[i].number));
  }
  return out + "]";
}

// Sums each node's events that start at or after `since` (microseconds).
void CollectNodes(const Json& root, double since, std::map<std::string, NodeTime>* nodes,
                  std::vector<std::string>* order, double* total_us) {
  const std::string suffix = "_kernel_time";
  for (const Json& e : root.items) {
    if (e.Str("cat") != "Node" || e.Num("ts") < since) continue;
    std::string name = e.Str("name");
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      name.resize(name.size() - suffix.size());
    }
    auto [it, inserted] = nodes->try_emplace(name);
    NodeTime& node = it->second;
    if (inserted) {
      order->push_back(name);
      const Json* args = e.Get("args");
      node.name = name;
      if (args != nullptr) {
        node.op_type = args->Str("op_name");
        node.provider = args->Str("provider");
        node.output_shape = FirstShape(args->Get("output_type_shape"));
      }
    }
    node.ms_per_run += e.Num("dur") / 1000.0;  // Summed here, divided by the runs later.
    *total_us += e.Num("dur");
  }
}

}  // namespace

Result<TraceSummary> SummarizeTrace(const std::string& json, int skip_runs) {
  Json root;
  RETURN_IF_ERROR(Parser(json).Parse(&root));
  RETURN_ERROR_IF(root.kind != Json::kArray, StatusCode::kInvalidArgument, "trace: not a JSON array of events");
  std::vector<std::pair<double, double>> runs;  // (ts, dur) of each model_run, microseconds.
  for (const Json& e : root.items) {
    if (e.Str("cat") == "Session" && e.Str("name") == "model_run") runs.emplace_back(e.Num("ts"), e.Num("dur"));
  }
  std::sort(runs.begin(), runs.end());
  double since = -1e300;
  if (static_cast<int>(runs.size()) > skip_runs && skip_runs > 0) {
    since = runs[skip_runs].first;
    runs.erase(runs.begin(), runs.begin() + skip_runs);
  }
  TraceSummary summary;
  summary.runs = static_cast<int>(runs.size());
  for (const auto& r : runs) summary.run_ms += r.second / 1000.0;
  if (summary.runs) summary.run_ms /= summary.runs;

  std::map<std::string, NodeTime> nodes;
  std::vector<std::string> order;  // First appearance, so that ties keep graph order.
  double total_us = 0;
  CollectNodes(root, since, &nodes, &order, &total_us);
  const double divisor = summary.runs > 0 ? summary.runs : 1;
  summary.node_ms_per_run = total_us / 1000.0 / divisor;
  std::map<std::pair<std::string, std::string>, OpTypeTime> types;
  std::vector<std::pair<std::string, std::string>> type_order;
  for (const std::string& name : order) {
    NodeTime node = nodes[name];
    node.percent = total_us > 0 ? 100.0 * node.ms_per_run * 1000.0 / total_us : 0.0;
    node.ms_per_run /= divisor;
    auto key = std::make_pair(node.op_type, node.provider);
    auto [it, inserted] = types.try_emplace(key);
    if (inserted) type_order.push_back(key);
    it->second.op_type = node.op_type;
    it->second.provider = node.provider;
    it->second.nodes += 1;
    it->second.ms_per_run += node.ms_per_run;
    it->second.percent += node.percent;
    summary.by_node.push_back(std::move(node));
  }
  for (const auto& key : type_order) summary.by_op_type.push_back(types[key]);
  std::stable_sort(summary.by_node.begin(), summary.by_node.end(),
                   [](const NodeTime& a, const NodeTime& b) { return a.ms_per_run > b.ms_per_run; });
  std::stable_sort(summary.by_op_type.begin(), summary.by_op_type.end(),
                   [](const OpTypeTime& a, const OpTypeTime& b) { return a.ms_per_run > b.ms_per_run; });
  return summary;
}

}  // namespace onyx::bench
