#include "tools/inspect/model_report.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "format/reader.h"
#include "kernels/ref/registry.h"
#include "runtime/executor/loaded_model.h"
#include "runtime/planner/shape_inference.h"

namespace onyx::inspect {
namespace {

std::string Str(const flatbuffers::String* s) { return s ? s->str() : std::string(); }

std::string Stem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

IoReport ToIo(const planner::TensorInfo& t) {
  return IoReport{t.name, t.value_type, t.dtype, t.has_shape, t.dims, t.dim_params};
}

// Sorted by count (largest first), then key.
std::vector<Count> Sorted(const std::map<std::string, int>& counts) {
  std::vector<Count> out;
  for (const auto& kv : counts) out.push_back(Count{kv.first, kv.second});
  std::stable_sort(out.begin(), out.end(), [](const Count& a, const Count& b) { return a.count > b.count; });
  return out;
}

void CountNodes(const format::ModelView& view, ModelReport* r) {
  std::map<std::string, int> ops, providers;
  std::map<std::pair<std::string, std::string>, int> pairs;
  const fb::Graph* main = view.model->graphs()->Get(0);
  if (main->nodes()) {
    for (const fb::Node* node : *main->nodes()) {
      std::string domain = Str(node->domain());
      std::string op = domain.empty() ? Str(node->op_type()) : domain + "." + Str(node->op_type());
      std::string provider = Str(node->provider());
      if (provider.empty()) provider = "(none)";
      ++ops[op];
      ++providers[provider];
      ++pairs[{op, provider}];
    }
  }
  r->op_counts = Sorted(ops);
  r->provider_counts = Sorted(providers);
  for (const Count& op : r->op_counts) {
    for (const auto& kv : pairs) {
      if (kv.first.first != op.key) continue;
      r->op_provider_counts.push_back(OpProviderCount{op.key, kv.first.second, kv.second});
    }
  }
  for (const fb::Graph* g : *view.model->graphs()) {
    for (const fb::Tensor* t : *g->tensors()) {
      if (t->location() == fb::Location::WEIGHT) r->weight_bytes += t->size_bytes();
    }
  }
  r->data_bytes = view.data_size;
}

// The arena tensors of the file's plan, with the steps that write and last
// read them.
void CollectPlan(const executor::LoadedModel& model, ModelReport* r) {
  const executor::FilePlan& plan = model.file_plan();
  for (size_t k = 1; k < model.file_plans().size(); ++k) {
    const executor::FilePlan& p = model.file_plans()[k];
    r->profiles.push_back(ProfileReport{p.inputs, p.arena_size, p.naive_size, p.lower_bound, p.planner});
  }
  const planner::Graph& g = model.graph(0);
  const std::vector<int>& order = model.order(0);
  r->arena_bytes = plan.arena_size;
  r->naive_bytes = plan.naive_size;
  r->lower_bound_bytes = plan.lower_bound;
  r->planner = plan.planner;
  for (size_t k = 0; k < plan.regions.size(); ++k) {
    const planner::Node& node = model.graph(0).nodes[plan.regions[k].node];
    r->regions.push_back(RegionReport{node.info.name, node.info.op_type, static_cast<uint64_t>(plan.region_offsets[k]),
                                      plan.regions[k].bytes});
  }
  r->num_steps = static_cast<int>(order.size());
  std::vector<int> first(g.tensors.size(), -1), last(g.tensors.size(), -1);
  std::vector<std::string> op(g.tensors.size());
  for (int step = 0; step < r->num_steps; ++step) {
    const planner::Node& node = g.nodes[order[step]];
    for (const std::vector<int>* reads : {&node.inputs, &node.implicit_inputs}) {
      for (int t : *reads) {
        if (t >= 0) last[t] = std::max(last[t], step);
      }
    }
    for (int t : node.outputs) {
      if (t < 0) continue;
      first[t] = step;
      last[t] = std::max(last[t], step);
      op[t] = node.info.op_type;
    }
  }
  for (int t : g.outputs) last[t] = r->num_steps;
  bool any = false;
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    if (plan.offsets[t] < 0 || first[t] < 0) continue;
    any = true;
    r->tensors.push_back(PlannedTensor{g.tensors[t].name, op[t], static_cast<uint64_t>(plan.offsets[t]),
                                       plan.sizes[t], first[t], last[t]});
  }
  r->planned = any || plan.arena_size > 0 || !plan.planner.empty();
}

// Scratch is not in the file: the reference kernels' Prepare tells it at
// the planned shapes, as the session will see it.
void EstimateScratch(const executor::LoadedModel& model, ModelReport* r) {
  const planner::Graph& g = model.graph(0);
  for (int t : g.inputs) {
    Dims dims = g.tensors[t].dims;
    for (int64_t& d : dims) d = d < 0 ? 1 : d;
    r->plan_input_shapes.push_back(dims);
  }
  kernels::KernelLibrary reference = kernels::ref::Library();
  planner::KernelResolver resolve = [&](const planner::Node& node, DType dtype) {
    return kernels::FindKernel(reference, node.info.domain, node.info.op_type, node.info.opset, dtype);
  };
  planner::InputSignature signature{r->plan_input_shapes, {}};
  Result<planner::ShapeInfo> shapes = planner::InferShapes(g, model.order(0), resolve, reference, signature);
  if (!shapes.ok()) {
    r->scratch_note = shapes.status().message();
    return;
  }
  r->scratch_known = true;
  for (const planner::PreparedNode& node : shapes->nodes) {
    r->scratch_bytes = std::max<uint64_t>(r->scratch_bytes, node.scratch_bytes);
  }
}

}  // namespace

Result<ModelReport> InspectFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::shared_ptr<const executor::ModelBytes> bytes, executor::ModelBytes::Map(path));
  return InspectBytes(std::move(bytes), path);
}

Result<ModelReport> InspectBytes(std::shared_ptr<const executor::ModelBytes> bytes, const std::string& path) {
  ASSIGN_OR_RETURN(format::ModelView view, format::VerifyModel(bytes->data(), bytes->size()));
  ModelReport r;
  r.path = path;
  r.file_bytes = bytes->size();
  ASSIGN_OR_RETURN(std::shared_ptr<const executor::LoadedModel> model, executor::LoadedModel::Load(bytes));
  const executor::ModelMetadata& md = model->metadata();
  r.name = md.graph_name.empty() ? Stem(path) : md.graph_name;
  r.producer = md.producer_name + (md.producer_version.empty() ? "" : " " + md.producer_version);
  r.converter_version = md.converter_version;
  const planner::Graph& g = model->graph(0);
  for (int t : g.inputs) r.inputs.push_back(ToIo(g.tensors[t]));
  for (int t : g.outputs) r.outputs.push_back(ToIo(g.tensors[t]));
  r.num_nodes = g.nodes.size();
  r.num_subgraphs = model->num_graphs() - 1;
  CountNodes(view, &r);
  CollectPlan(*model, &r);
  EstimateScratch(*model, &r);
  r.peak_bytes = r.file_bytes + r.arena_bytes + (r.scratch_known ? r.scratch_bytes : 0);
  return r;
}

std::string IoTypeString(const IoReport& io) {
  std::string dtype = DTypeName(io.dtype);
  if (io.value_type == planner::ValueType::kSequence) return "seq(" + dtype + ")";
  if (io.value_type == planner::ValueType::kOptional) return "optional(" + dtype + ")";
  if (!io.has_shape) return dtype + "[?]";
  std::string s = dtype + "[";
  for (size_t d = 0; d < io.dims.size(); ++d) {
    if (d) s += ",";
    if (io.dims[d] >= 0) {
      s += std::to_string(io.dims[d]);
    } else {
      s += d < io.dim_params.size() && !io.dim_params[d].empty() ? io.dim_params[d] : "?";
    }
  }
  return s + "]";
}

std::string HumanBytes(uint64_t n) {
  char buf[32];
  if (n >= (uint64_t{1} << 30)) {
    std::snprintf(buf, sizeof(buf), "%.2f GiB", n / 1073741824.0);
  } else if (n >= (1u << 20)) {
    std::snprintf(buf, sizeof(buf), "%.2f MiB", n / 1048576.0);
  } else if (n >= 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f KiB", n / 1024.0);
  } else {
    std::snprintf(buf, sizeof(buf), "%llu B", static_cast<unsigned long long>(n));
  }
  return buf;
}

}  // namespace onyx::inspect
