// ReportText and ReportJson (model_report.h).

#include <cstdio>
#include <string>

#include "runtime/core/status.h"
#include "tools/inspect/model_report.h"

namespace onyx::inspect {
namespace {

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string Bytes(uint64_t n) { return StrCat(HumanBytes(n), " (", n, " bytes)"); }

std::string ShapesString(const ModelReport& r) {
  std::string s;
  for (size_t i = 0; i < r.inputs.size() && i < r.plan_input_shapes.size(); ++i) {
    s += (i ? ", " : "") + r.inputs[i].name + DimsToString(r.plan_input_shapes[i]);
  }
  return s;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string JsonIo(const IoReport& io) {
  const char* kind = io.value_type == planner::ValueType::kSequence   ? "sequence"
                     : io.value_type == planner::ValueType::kOptional ? "optional"
                                                                      : "tensor";
  std::string shape = "null";
  if (io.has_shape && io.value_type == planner::ValueType::kTensor) {
    shape = "[";
    for (size_t d = 0; d < io.dims.size(); ++d) {
      if (d) shape += ", ";
      const bool named = d < io.dim_params.size() && !io.dim_params[d].empty();
      shape += io.dims[d] >= 0 ? std::to_string(io.dims[d]) : named ? Quote(io.dim_params[d]) : "null";
    }
    shape += "]";
  }
  return StrCat("{\"name\": ", Quote(io.name), ", \"type\": \"", kind, "\", \"dtype\": ", Quote(DTypeName(io.dtype)),
                ", \"shape\": ", shape, "}");
}

template <typename T, typename F>
std::string JsonList(const std::vector<T>& items, F item) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + item(items[i]);
  return s + "]";
}

std::string JsonCounts(const std::vector<Count>& counts) {
  std::string s = "{";
  for (size_t i = 0; i < counts.size(); ++i) s += StrCat(i ? ", " : "", Quote(counts[i].key), ": ", counts[i].count);
  return s + "}";
}

}  // namespace

std::string ReportText(const ModelReport& r) {
  std::string s = StrCat(r.path, ": model '", r.name, "', ", HumanBytes(r.file_bytes), " file");
  if (!r.producer.empty()) s += ", from " + r.producer;
  if (!r.converter_version.empty()) s += ", onyx-convert " + r.converter_version;
  s += "\n";
  size_t width = 0;
  for (const auto* list : {&r.inputs, &r.outputs}) {
    for (const IoReport& io : *list) width = std::max(width, io.name.size());
  }
  for (const auto& [title, list] : {std::make_pair("inputs", &r.inputs), std::make_pair("outputs", &r.outputs)}) {
    s += StrCat(title, ":\n");
    for (const IoReport& io : *list) s += StrCat("  ", Pad(io.name, width), "  ", IoTypeString(io), "\n");
  }
  s += StrCat("nodes: ", r.num_nodes, " in the main graph");
  if (r.num_subgraphs > 0) s += StrCat(", ", r.num_subgraphs, " subgraph(s)");
  s += "\n";
  width = 0;
  for (const Count& c : r.op_counts) width = std::max(width, c.key.size());
  for (const OpProviderCount& c : r.op_provider_counts) {
    s += StrCat("  ", Pad(c.op, width), " ", Pad(std::to_string(c.count), 5), " ", c.provider, "\n");
  }
  s += "providers:\n";
  for (const Count& c : r.provider_counts) s += StrCat("  ", c.key, " ", c.count, "\n");
  s += "memory:\n";
  s += StrCat("  weights      ", Bytes(r.weight_bytes), " in a data segment of ", HumanBytes(r.data_bytes), "\n");
  if (r.planned) {
    s += StrCat("  arena        ", Bytes(r.arena_bytes), ", planned by ", r.planner.empty() ? "?" : r.planner, " for ",
                ShapesString(r), "\n");
    s += StrCat("  naive sum    ", Bytes(r.naive_bytes), ": every intermediate in its own bytes\n");
    s += StrCat("  lower bound  ", Bytes(r.lower_bound_bytes), ": the most bytes alive at one step");
    if (r.lower_bound_bytes > 0) {
      char pct[32];
      std::snprintf(pct, sizeof(pct), "%.1f%%", 100.0 * (static_cast<double>(r.arena_bytes) / r.lower_bound_bytes - 1));
      s += StrCat("; the arena is ", pct, " above it");
    }
    s += "\n";
  } else {
    s += "  arena        not planned ahead: the runtime plans it per input shape\n";
  }
  for (const RegionReport& g : r.regions) {
    s += StrCat("  subgraphs    of '", g.node, "' (", g.op, "): ", Bytes(g.bytes), " at arena offset ", g.offset,
                ", while it runs\n");
  }
  for (const ProfileReport& p : r.profiles) {
    std::string shapes;
    for (size_t i = 0; i < p.inputs.size() && i < r.inputs.size(); ++i) {
      shapes += (i ? ", " : "") + r.inputs[i].name + DimsToString(p.inputs[i]);
    }
    s += StrCat("  profile      ", shapes, ": arena ", Bytes(p.arena_bytes), ", lower bound ",
                HumanBytes(p.lower_bound_bytes), "\n");
  }
  if (r.scratch_known) {
    s += StrCat("  scratch      ", Bytes(r.scratch_bytes), ": the largest any kernel asks for (reference kernels)\n");
  } else {
    s += StrCat("  scratch      unknown (", r.scratch_note, ")\n");
  }
  s += StrCat("  peak         ", Bytes(r.peak_bytes), " = mapped file (weights included) + arena",
              r.scratch_known ? " + scratch" : "", " for one run;\n",
              "               each concurrent run adds its own arena and scratch; kernel state is not counted\n");
  return s;
}

std::string ReportJson(const ModelReport& r) {
  std::string s = "{";
  s += StrCat("\"file\": ", Quote(r.path), ", \"file_bytes\": ", r.file_bytes, ", \"model\": ", Quote(r.name));
  s += StrCat(", \"producer\": ", Quote(r.producer), ", \"converter_version\": ", Quote(r.converter_version));
  s += ", \"inputs\": " + JsonList(r.inputs, JsonIo);
  s += ", \"outputs\": " + JsonList(r.outputs, JsonIo);
  s += StrCat(", \"nodes\": ", r.num_nodes, ", \"subgraphs\": ", r.num_subgraphs);
  s += ", \"op_counts\": " + JsonCounts(r.op_counts);
  s += ", \"provider_counts\": " + JsonCounts(r.provider_counts);
  s += ", \"op_provider_counts\": " + JsonList(r.op_provider_counts, [](const OpProviderCount& c) {
         return StrCat("{\"op\": ", Quote(c.op), ", \"provider\": ", Quote(c.provider), ", \"count\": ", c.count, "}");
       });
  s += StrCat(", \"weight_bytes\": ", r.weight_bytes, ", \"data_bytes\": ", r.data_bytes);
  s += StrCat(", \"planned\": ", r.planned ? "true" : "false", ", \"arena_bytes\": ", r.arena_bytes,
              ", \"naive_bytes\": ", r.naive_bytes, ", \"lower_bound_bytes\": ", r.lower_bound_bytes,
              ", \"planner\": ", Quote(r.planner));
  std::string shapes = "{";
  for (size_t i = 0; i < r.inputs.size() && i < r.plan_input_shapes.size(); ++i) {
    shapes += StrCat(i ? ", " : "", Quote(r.inputs[i].name), ": ",
                     JsonList(r.plan_input_shapes[i], [](int64_t d) { return std::to_string(d); }));
  }
  s += ", \"plan_input_shapes\": " + shapes + "}";
  s += ", \"profiles\": " + JsonList(r.profiles, [&r](const ProfileReport& p) {
         std::string inputs = "{";
         for (size_t i = 0; i < p.inputs.size() && i < r.inputs.size(); ++i) {
           inputs += StrCat(i ? ", " : "", Quote(r.inputs[i].name), ": ",
                            JsonList(p.inputs[i], [](int64_t d) { return std::to_string(d); }));
         }
         return StrCat("{\"inputs\": ", inputs, "}, \"arena_bytes\": ", p.arena_bytes, ", \"naive_bytes\": ",
                       p.naive_bytes, ", \"lower_bound_bytes\": ", p.lower_bound_bytes, ", \"planner\": ",
                       Quote(p.planner), "}");
       });
  s += ", \"subgraph_regions\": " + JsonList(r.regions, [](const RegionReport& g) {
         return StrCat("{\"node\": ", Quote(g.node), ", \"op\": ", Quote(g.op), ", \"offset\": ", g.offset,
                       ", \"bytes\": ", g.bytes, "}");
       });
  s += StrCat(", \"steps\": ", r.num_steps, ", \"arena_tensors\": ", r.tensors.size());
  s += ", \"scratch_bytes\": " + (r.scratch_known ? std::to_string(r.scratch_bytes) : std::string("null"));
  s += StrCat(", \"peak_bytes\": ", r.peak_bytes,
              ", \"peak_counts\": [\"file\", \"arena\"", r.scratch_known ? ", \"scratch\"" : "", "]");
  return s + "}\n";
}

}  // namespace onyx::inspect
