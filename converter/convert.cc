#include "converter/convert.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "converter/onnx_import.h"
#include "converter/sha256.h"
#include "converter/writer.h"
#include "kernels/providers.h"
#include "kernels/ref/registry.h"
#include "runtime/core/value.h"

namespace onyx::converter {
namespace {

// Every node whose op no kernel implements (subgraphs included), listed at once.
Status CheckOpsSupported(const ImportedModel& model, const kernels::KernelLibrary& library) {
  std::string missing;
  int count = 0;
  std::vector<const planner::Node*> nodes;
  for (const planner::Node& node : model.graph.nodes) nodes.push_back(&node);
  for (const planner::Graph& sub : model.subgraphs) {
    for (const planner::Node& node : sub.nodes) nodes.push_back(&node);
  }
  for (const planner::Node* n : nodes) {
    const planner::Node& node = *n;
    bool found = planner::IsControlFlow(node.info);
    for (const kernels::KernelDef& def : library.kernels) {
      found |= node.info.op_type == def.op_type && node.info.domain == def.domain &&
               node.info.opset >= def.since_version && node.info.opset <= def.until_version;
    }
    if (found) continue;
    ++count;
    missing += "\n  " + node.info.Where();
  }
  RETURN_ERROR_IF(count > 0, StatusCode::kUnsupported, count, " node(s) use operators onyx does not support:", missing);
  return Status::Ok();
}

// The shapes to plan with: --input-shape where given, else the declared
// shape with symbolic dims set to 1 (noted in `note`).
Result<std::vector<Dims>> PlanningShapes(const ImportedModel& model, const ConvertOptions& options,
                                         std::string* note) {
  std::vector<Dims> shapes;
  std::set<std::string> used;
  for (int t : model.graph.inputs) {
    const planner::TensorInfo& input = model.graph.tensors[t];
    auto given = options.input_shapes.find(input.name);
    if (given != options.input_shapes.end()) {
      used.insert(input.name);
      const Dims& dims = given->second;
      RETURN_ERROR_IF(input.has_shape && dims.size() != input.dims.size(), StatusCode::kInvalidArgument,
                      "--input-shape ", input.name, ": rank ", dims.size(), " (expected ", input.dims.size(), ")");
      for (size_t d = 0; d < dims.size() && input.has_shape; ++d) {
        RETURN_ERROR_IF(input.dims[d] >= 0 && input.dims[d] != dims[d], StatusCode::kInvalidArgument,
                        "--input-shape ", input.name, ": dimension ", d, " is fixed to ", input.dims[d],
                        " by the model (got ", dims[d], ")");
      }
      shapes.push_back(dims);
      continue;
    }
    if (input.value_type != planner::ValueType::kTensor) {  // Sequences and optionals have no shape.
      shapes.push_back({});
      continue;
    }
    RETURN_ERROR_IF(!input.has_shape, StatusCode::kInvalidArgument, "input '", input.name,
                    "' has no declared shape: give one with --input-shape ", input.name, ":D0,D1,...");
    Dims dims = input.dims;
    for (size_t d = 0; d < dims.size(); ++d) {
      if (dims[d] >= 0) continue;
      dims[d] = 1;
      std::string dim_name = input.dim_params[d].empty() ? "?" : input.dim_params[d];
      *note += StrCat(note->empty() ? "" : ", ", input.name, "[", d, "] ", dim_name, "=1");
    }
    shapes.push_back(dims);
  }
  for (const auto& kv : options.input_shapes) {
    RETURN_ERROR_IF(!used.count(kv.first), StatusCode::kInvalidArgument, "--input-shape names '", kv.first,
                    "', which is not an input of the model");
  }
  return shapes;
}

// A fixed --input-shape becomes the input's declared shape in the file.
void FixInputShapes(ImportedModel* model, const ConvertOptions& options) {
  for (int t : model->graph.inputs) {
    planner::TensorInfo& input = model->graph.tensors[t];
    auto given = options.input_shapes.find(input.name);
    if (given == options.input_shapes.end()) continue;
    input.dims = given->second;
    input.dim_params.assign(input.dims.size(), "");
    input.has_shape = true;
  }
}

Status CheckDeclaredOutputs(const ImportedModel& model, const planner::ShapeInfo& shapes, bool exact) {
  for (size_t i = 0; i < model.graph.outputs.size(); ++i) {
    const planner::TensorInfo& declared = model.declared_outputs[i];
    const kernels::ValueInfo& v = shapes.values[model.graph.outputs[i]];
    if (v.dtype == DType::kUndefined || !IsTensorDType(v.dtype) || declared.value_type != planner::ValueType::kTensor) {
      continue;  // Decided at run time (a deferred node), or not a tensor.
    }
    RETURN_ERROR_IF(declared.dtype != DType::kUndefined && declared.dtype != v.dtype, StatusCode::kInvalidModel,
                    "graph output '", declared.name, "' is declared tensor(", DTypeName(declared.dtype),
                    ") but computes tensor(", DTypeName(v.dtype), ")");
    if (!exact || !declared.has_shape || v.dynamic) continue;
    bool same = declared.dims.size() == v.dims.size();
    for (size_t d = 0; same && d < v.dims.size(); ++d) same = declared.dims[d] < 0 || declared.dims[d] == v.dims[d];
    RETURN_ERROR_IF(!same, StatusCode::kInvalidModel, "graph output '", declared.name, "' is declared with shape ",
                    DimsToString(declared.dims), " but computes ", DimsToString(v.dims));
  }
  return Status::Ok();
}

void Summarize(const ImportedModel& model, ConvertSummary* summary) {
  std::map<std::string, int> counts;
  for (const planner::Node& node : model.graph.nodes) {
    ++counts[node.info.domain.empty() ? node.info.op_type : node.info.domain + "." + node.info.op_type];
  }
  summary->op_counts.assign(counts.begin(), counts.end());
  std::stable_sort(summary->op_counts.begin(), summary->op_counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  summary->num_nodes = model.graph.nodes.size();
  for (const planner::TensorInfo& t : model.graph.tensors) {
    if (t.kind == planner::TensorKind::kWeight) summary->weight_bytes += NumElements(t.dims) * DTypeSize(t.dtype);
  }
}

// The graph passes (converter/passes/), given the planning shapes of the
// inputs for what they need of shape inference.
// A model for a device provider (CUDA first among the providers) keeps
// ONNX's NCHW: the channels-last layout pass serves XNNPACK.
Status Optimize(ImportedModel* model, const kernels::KernelLibrary& reference, const ConvertOptions& options,
                const std::vector<Dims>& shapes, bool channels_last, ConvertSummary* summary) {
  passes::PipelineOptions pipeline;
  pipeline.level = options.optimization_level;
  pipeline.channels_last = channels_last;
  pipeline.passes = options.passes;
  pipeline.shapes.input_dims = shapes;
  pipeline.shapes.exact = summary->plan_note.empty();  // No stand-ins for symbolic dims.
  passes::ModelRef ref{&model->graph, &model->subgraphs, &model->storage, &model->opset_imports};
  ASSIGN_OR_RETURN(std::vector<passes::PassStat> stats, passes::RunPipeline(ref, reference, pipeline));
  for (const passes::PassStat& stat : stats) summary->rewrites.emplace_back(stat.pass, stat.rewrites);
  return Status::Ok();
}

// What the file's conversion record keeps of the options.
std::vector<std::pair<std::string, std::string>> RecordedOptions(const ConvertOptions& options) {
  std::vector<std::pair<std::string, std::string>> recorded;
  auto record = [&](const std::string& prefix, const std::map<std::string, Dims>& shapes) {
    for (const auto& kv : shapes) {
      std::string dims;
      for (int64_t d : kv.second) dims += (dims.empty() ? "" : ",") + std::to_string(d);
      recorded.emplace_back(prefix + kv.first, dims);
    }
  };
  record("input_shape.", options.input_shapes);
  for (size_t k = 0; k < options.extra_profiles.size(); ++k) {
    record("profile" + std::to_string(k + 2) + ".input_shape.", options.extra_profiles[k]);
  }
  recorded.emplace_back("optimization_level", passes::OptimizationLevelName(options.optimization_level));
  std::string providers;
  for (const std::string& p : options.providers) providers += (providers.empty() ? "" : ",") + p;
  if (!providers.empty()) recorded.emplace_back("providers", providers);
  std::string names;
  for (const std::string& p : options.passes) names += (names.empty() ? "" : ",") + p;
  if (!names.empty()) recorded.emplace_back("passes", names);
  return recorded;
}

// Provider assignment: each node of the main graph goes to the first provider
// whose kernel accepts it (its Prepare, with the node's attributes, dtypes,
// shapes and weights), as a session with the same providers decides. Nodes
// prepared only at run time (data-dependent shapes) go to the first provider
// with a kernel for their op, opset and dtype; control flow to the reference
// provider, whose executor runs it. Without static shapes the decision is the
// same registry lookup for every node.
std::vector<std::string> AssignProviders(const planner::Graph& graph, const std::vector<int>& order,
                                         const std::vector<kernels::KernelLibrary>& libraries,
                                         const planner::InputSignature& inputs, bool planned) {
  const kernels::KernelLibrary& reference = libraries.back();
  auto candidates = [&](const planner::Node& node, DType dtype) {
    return kernels::FindKernels(libraries, node.info.domain, node.info.op_type, node.info.opset, dtype);
  };
  std::optional<planner::ShapeInfo> shapes;
  if (planned) {
    Result<planner::ShapeInfo> inferred = planner::InferShapes(graph, order, candidates, reference, inputs);
    if (inferred.ok()) shapes = std::move(inferred).value();
  }
  std::vector<std::string> providers(graph.nodes.size(), reference.provider);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const planner::Node& node = graph.nodes[n];
    if (planner::IsControlFlow(node.info)) continue;
    const kernels::KernelDef* def = shapes ? shapes->nodes[n].kernel : nullptr;
    if (def == nullptr) {
      DType first = DType::kUndefined;
      for (int t : node.inputs) {
        if (t < 0) continue;
        first = shapes ? shapes->values[t].dtype : graph.tensors[t].dtype;
        break;
      }
      std::vector<const kernels::KernelDef*> defs = candidates(node, first);
      if (!defs.empty()) def = defs.front();
    }
    const char* provider = kernels::ProviderOf(libraries, def);
    if (provider != nullptr) providers[n] = provider;
  }
  return providers;
}

}  // namespace

Result<ConvertResult> ConvertOnnx(const void* data, size_t size, const std::string& base_dir,
                                  const ConvertOptions& options) {
  ASSIGN_OR_RETURN(ImportedModel model, ImportOnnx(data, size, base_dir));
  kernels::KernelLibrary reference = kernels::ref::Library();
  RETURN_IF_ERROR(CheckOpsSupported(model, reference));
  ConvertResult result;
  ConvertSummary& summary = result.summary;
  ASSIGN_OR_RETURN(std::vector<Dims> shapes, PlanningShapes(model, options, &summary.plan_note));
  // Shape buckets keep the inputs symbolic; one profile fixes them.
  if (options.extra_profiles.empty()) FixInputShapes(&model, options);
  summary.imported_nodes = model.graph.nodes.size();
  ASSIGN_OR_RETURN(std::vector<kernels::KernelLibrary> libraries,
                   kernels::ChooseProviders(options.providers, /*for_this_machine=*/false));
  RETURN_IF_ERROR(Optimize(&model, reference, options, shapes, libraries.front().device == nullptr, &summary));
  ASSIGN_OR_RETURN(std::vector<int> order, planner::TopologicalOrder(model.graph));
  std::vector<std::vector<int>> subgraph_orders;
  for (size_t k = 0; k < model.subgraphs.size(); ++k) {
    Result<std::vector<int>> sub_order = planner::TopologicalOrder(model.subgraphs[k]);
    if (!sub_order.ok()) return sub_order.status().WithContext(StrCat("subgraph #", k + 1));
    subgraph_orders.push_back(std::move(sub_order).value());
  }
  planner::KernelResolver resolve = [&](const planner::Node& node, DType dtype) {
    return kernels::FindKernel(reference, node.info.domain, node.info.op_type, node.info.opset, dtype);
  };
  Result<planner::ShapeInfo> inferred =
      planner::InferShapes(model.graph, order, resolve, reference, planner::InputSignature{shapes});
  // Control-flow nodes' subgraphs are planned inside the main graph's arena
  // where their input shapes are known: each subgraph's arena (its own
  // regions included) becomes a region alive at its node's step, as the
  // runtime's ExecutionPlan computes them.
  auto graph_at = [&model](int g) -> const planner::Graph& { return model.subgraphs[g - 1]; };
  planner::SubgraphArena subgraph_arena = [&](int, int g, const planner::InputSignature& signature) -> Result<uint64_t> {
    RETURN_ERROR_IF(g < 1 || static_cast<size_t>(g) > model.subgraphs.size(), StatusCode::kInvalidModel,
                    "no subgraph #", g);
    const planner::Graph& sub = model.subgraphs[g - 1];
    const std::vector<int>& sub_order = subgraph_orders[g - 1];
    ASSIGN_OR_RETURN(planner::ShapeInfo sub_shapes, planner::InferShapes(sub, sub_order, resolve, reference, signature));
    planner::PlanOptions sub_options;
    sub_options.regions = planner::SubgraphRegions(sub, sub_shapes, graph_at, subgraph_arena);
    ASSIGN_OR_RETURN(planner::MemoryPlan sub_plan, planner::PlanMemory(sub, sub_order, sub_shapes, sub_options));
    return sub_plan.arena_size;
  };
  auto plan_options = [&](const planner::ShapeInfo& graph_shapes) {
    planner::PlanOptions plan;
    plan.regions = planner::SubgraphRegions(model.graph, graph_shapes, graph_at, subgraph_arena);
    return plan;
  };
  std::optional<planner::MemoryPlan> memory;
  if (inferred.ok()) {
    RETURN_IF_ERROR(CheckDeclaredOutputs(model, inferred.value(), summary.plan_note.empty()));
    ASSIGN_OR_RETURN(memory, planner::PlanMemory(model.graph, order, inferred.value(), plan_options(inferred.value())));
    summary.planned = true;
    summary.arena_bytes = memory->arena_size;
    summary.naive_bytes = memory->naive_size;
    summary.lower_bound_bytes = memory->lower_bound;
    if (!summary.plan_note.empty()) summary.plan_note = "planned with " + summary.plan_note;
  } else if (!summary.plan_note.empty()) {
    // With stand-in sizes for symbolic dims the model may not be plannable
    // (a Reshape to a fixed size, say); the runtime plans it per input shape.
    summary.plan_note = "not planned ahead (" + inferred.status().message() + "); the runtime plans per input shape";
  } else {
    return inferred.status();
  }
  std::vector<ProfilePlan> profiles;
  for (const std::map<std::string, Dims>& extra : options.extra_profiles) {
    RETURN_ERROR_IF(!memory, StatusCode::kInvalidArgument,
                    "shape profiles need a plannable first profile: ", summary.plan_note);
    ConvertOptions merged = options;
    for (const auto& kv : extra) merged.input_shapes[kv.first] = kv.second;
    ProfilePlan profile;
    std::string unused;
    ASSIGN_OR_RETURN(profile.inputs, PlanningShapes(model, merged, &unused));
    Result<planner::ShapeInfo> profile_shapes = planner::InferShapes(model.graph, order, resolve, reference,
                                                                     planner::InputSignature{profile.inputs});
    std::string where = "profile #" + std::to_string(profiles.size() + 2);
    if (!profile_shapes.ok()) return profile_shapes.status().WithContext(where);
    profile.shapes = std::move(profile_shapes).value();
    ASSIGN_OR_RETURN(profile.memory, planner::PlanMemory(model.graph, order, profile.shapes, plan_options(profile.shapes)));
    std::string label;
    for (size_t i = 0; i < profile.inputs.size(); ++i) {
      label += (i ? " " : "") + model.graph.tensors[model.graph.inputs[i]].name + DimsToString(profile.inputs[i]);
    }
    summary.profile_arenas.emplace_back(label, profile.memory.arena_size);
    profiles.push_back(std::move(profile));
  }
  std::vector<std::string> providers =
      AssignProviders(model.graph, order, libraries, planner::InputSignature{shapes}, inferred.ok());
  Summarize(model, &summary);
  for (const std::string& provider : providers) {
    auto it = std::find_if(summary.provider_counts.begin(), summary.provider_counts.end(),
                           [&](const auto& kv) { return kv.first == provider; });
    if (it == summary.provider_counts.end()) summary.provider_counts.emplace_back(provider, 1);
    else ++it->second;
  }
  WriteInput in;
  in.providers = &providers;
  in.profiles = &profiles;
  in.model = &model;
  in.order = order;
  in.subgraph_orders = subgraph_orders;
  in.shapes = inferred.ok() ? &inferred.value() : nullptr;
  in.memory = memory ? &*memory : nullptr;
  in.source_hash = Sha256Hex(data, size);
  in.options = RecordedOptions(options);
  result.file = WriteOnyx(in);
  return result;
}

Result<ConvertResult> ConvertOnnxFile(const std::string& path, const ConvertOptions& options) {
  std::ifstream file(path, std::ios::binary);
  RETURN_ERROR_IF(!file, StatusCode::kNotFound, "cannot open '", path, "'");
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  RETURN_ERROR_IF(bytes.empty(), StatusCode::kInvalidModel, "'", path, "' is empty");
  size_t slash = path.find_last_of('/');
  std::string base_dir = slash == std::string::npos ? "." : path.substr(0, slash);
  Result<ConvertResult> result = ConvertOnnx(bytes.data(), bytes.size(), base_dir, options);
  if (!result.ok()) return result.status().WithContext(path);
  return result;
}

Result<std::pair<std::string, Dims>> ParseInputShape(const std::string& spec) {
  size_t colon = spec.rfind(':');
  RETURN_ERROR_IF(colon == std::string::npos || colon == 0, StatusCode::kInvalidArgument, "--input-shape '", spec,
                  "' is not NAME:D0,D1,...");
  Dims dims;
  std::string rest = spec.substr(colon + 1);
  size_t start = 0;
  while (!rest.empty() && start <= rest.size()) {
    size_t comma = rest.find(',', start);
    std::string item = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    long long v = std::strtoll(item.c_str(), &end, 10);
    RETURN_ERROR_IF(item.empty() || *end != '\0' || v < 0, StatusCode::kInvalidArgument, "--input-shape '", spec,
                    "': '", item, "' is not a non-negative integer");
    dims.push_back(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return std::make_pair(spec.substr(0, colon), dims);
}

}  // namespace onyx::converter
