#include "converter/passes/pipeline.h"

#include <cctype>
#include <iterator>
#include <set>

#include "converter/passes/constant_folding.h"
#include "converter/passes/dead_node_elimination.h"
#include "converter/passes/fuse_activation.h"
#include "converter/passes/fuse_attention.h"
#include "converter/passes/fuse_bias.h"
#include "converter/passes/fuse_conv_bn.h"
#include "converter/passes/fuse_gelu.h"
#include "converter/passes/fuse_layer_norm.h"
#include "converter/passes/layout.h"
#include "converter/passes/noop_elimination.h"

namespace onyx::converter::passes {
namespace {

// A pass that edits the graph itself rather than through a GraphEditor
// (layout, which adds nodes).
using GraphPassFn = Result<int> (*)(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names,
                                    const kernels::KernelLibrary& reference, const ShapeSource* shapes);

struct PassEntry {
  const char* name;
  PassFn fn;
  int level;  // The lowest level that runs it.
  GraphPassFn graph_fn = nullptr;  // Instead of `fn`.
};

// Pipeline order. Fusions that absorb a node into a Conv or Gemm run before
// the activation fusion, which must find the Conv or Gemm already complete.
constexpr PassEntry kPasses[] = {
    {"eliminate_noops", EliminateNoOps, kEnableBasic},
    {"constant_folding", FoldConstants, kEnableBasic},
    {"eliminate_dead", EliminateDeadNodes, kEnableBasic},
    {"fuse_conv_bn", FuseConvBatchNorm, kEnableExtended},
    {"fuse_bias", FuseBias, kEnableExtended},
    {"fuse_layer_norm", FuseLayerNorm, kEnableExtended},
    {"fuse_gelu", FuseGelu, kEnableExtended},
    {"fuse_attention", FuseAttention, kEnableExtended},
    {"fuse_activation", FuseActivations, kEnableExtended},
    {"layout", nullptr, kEnableLayout, AssignLayout},
};

constexpr int kMaxBasicRounds = 8;

struct LevelName {
  int level;
  const char* ort;
  const char* short_name;
};

constexpr LevelName kLevels[] = {
    {kDisableAll, "ORT_DISABLE_ALL", "disable_all"},
    {kEnableBasic, "ORT_ENABLE_BASIC", "basic"},
    {kEnableExtended, "ORT_ENABLE_EXTENDED", "extended"},
    {kEnableLayout, "ORT_ENABLE_LAYOUT", "layout"},
    {kEnableAll, "ORT_ENABLE_ALL", "all"},
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Pipeline {
 public:
  Pipeline(const ModelRef& model, const kernels::KernelLibrary& reference, const PipelineOptions& options)
      : model_(model), reference_(reference), options_(options) {
    for (const planner::Graph* g : Graphs()) {
      for (const planner::TensorInfo& t : g->tensors) names_.insert(t.name);
    }
    for (const PassEntry& p : kPasses) stats_.push_back({p.name, 0});
  }

  // Puts every graph's node list in a topological order, which the passes
  // rely on (and keep).
  Status SortNodes() {
    std::vector<planner::Graph*> graphs = Graphs();
    for (size_t g = 0; g < graphs.size(); ++g) {
      Result<std::vector<int>> order = planner::TopologicalOrder(*graphs[g]);
      if (!order.ok()) return g == 0 ? order.status() : order.status().WithContext(StrCat("subgraph #", g));
      std::vector<planner::Node> nodes;
      for (int n : order.value()) {
        nodes.push_back(std::move(graphs[g]->nodes[n]));
        nodes.back().info.index = static_cast<int>(nodes.size() - 1);
      }
      graphs[g]->nodes = std::move(nodes);
    }
    return Status::Ok();
  }

  // One pass over every graph; the number of rewrites.
  Result<int> Run(size_t pass) {
    int total = 0;
    std::vector<planner::Graph*> graphs = Graphs();
    for (size_t g = 0; g < graphs.size(); ++g) {
      const ShapeSource* shapes = g == 0 ? &options_.shapes : nullptr;
      Result<int> n = 0;
      if (kPasses[pass].graph_fn != nullptr) {
        n = kPasses[pass].graph_fn(*graphs[g], model_, names_, reference_, shapes);
      } else {
        GraphEditor edit(*graphs[g], model_, names_);
        PassContext ctx(edit, reference_, shapes);
        n = kPasses[pass].fn(ctx);
        if (n.ok()) edit.Compact();
      }
      if (!n.ok()) return n.status().WithContext(StrCat("pass ", kPasses[pass].name));
      total += n.value();
    }
    stats_[pass].rewrites += total;
    return total;
  }

  // The basic passes until a round changes nothing.
  Status RunBasic() {
    for (int round = 0; round < kMaxBasicRounds; ++round) {
      int changed = 0;
      for (size_t p = 0; p < std::size(kPasses); ++p) {
        if (kPasses[p].level != kEnableBasic) continue;
        ASSIGN_OR_RETURN(int n, Run(p));
        changed += n;
      }
      if (changed == 0) break;
    }
    return Status::Ok();
  }

  std::vector<PassStat> Stats() const {
    std::vector<PassStat> out;
    for (const PassStat& s : stats_) {
      if (s.rewrites > 0) out.push_back(s);
    }
    return out;
  }

 private:
  std::vector<planner::Graph*> Graphs() const {
    std::vector<planner::Graph*> graphs = {model_.graph};
    for (planner::Graph& g : *model_.subgraphs) graphs.push_back(&g);
    return graphs;
  }

  ModelRef model_;
  const kernels::KernelLibrary& reference_;
  const PipelineOptions& options_;
  std::set<std::string> names_;
  std::vector<PassStat> stats_;
};

Result<size_t> FindPass(const std::string& name) {
  std::string known;
  for (size_t p = 0; p < std::size(kPasses); ++p) {
    if (name == kPasses[p].name) return p;
    known += StrCat(p ? ", " : "", kPasses[p].name);
  }
  return MakeError(StatusCode::kInvalidArgument, "unknown pass '", name, "' (expected one of ", known, ")");
}

}  // namespace

Result<int> ParseOptimizationLevel(const std::string& name) {
  const std::string lower = Lower(name);
  std::string known;
  for (const LevelName& l : kLevels) {
    if (lower == l.short_name || lower == Lower(l.ort) || lower == std::to_string(l.level)) return l.level;
    known += StrCat(known.empty() ? "" : ", ", l.short_name, " (", l.ort, ")");
  }
  return MakeError(StatusCode::kInvalidArgument, "unknown optimization level '", name, "' (expected one of ", known,
                   ")");
}

const char* OptimizationLevelName(int level) {
  for (const LevelName& l : kLevels) {
    if (l.level == level) return l.ort;
  }
  return "?";
}

std::vector<std::string> PassNames() {
  std::vector<std::string> names;
  for (const PassEntry& p : kPasses) names.push_back(p.name);
  return names;
}

Result<std::vector<PassStat>> RunPipeline(const ModelRef& model, const kernels::KernelLibrary& reference,
                                          const PipelineOptions& options) {
  RETURN_ERROR_IF(std::string(OptimizationLevelName(options.level)) == "?", StatusCode::kInvalidArgument,
                  "optimization level ", options.level, " (expected 0, 1, 2, 3 or 99)");
  std::vector<size_t> chosen;
  for (const std::string& name : options.passes) {
    ASSIGN_OR_RETURN(size_t p, FindPass(name));
    chosen.push_back(p);
  }
  if (chosen.empty() && options.level == kDisableAll) return std::vector<PassStat>{};
  Pipeline pipeline(model, reference, options);
  RETURN_IF_ERROR(pipeline.SortNodes());
  if (!chosen.empty()) {
    for (size_t p : chosen) {
      RETURN_IF_ERROR(pipeline.Run(p).status());
    }
    return pipeline.Stats();
  }
  RETURN_IF_ERROR(pipeline.RunBasic());
  if (options.level >= kEnableExtended) {
    for (size_t p = 0; p < std::size(kPasses); ++p) {
      if (kPasses[p].level == kEnableExtended) {
        RETURN_IF_ERROR(pipeline.Run(p).status());
      }
    }
    RETURN_IF_ERROR(pipeline.RunBasic());
  }
  if (options.level >= kEnableLayout && options.channels_last) {
    for (size_t p = 0; p < std::size(kPasses); ++p) {
      if (kPasses[p].level == kEnableLayout) {
        RETURN_IF_ERROR(pipeline.Run(p).status());
      }
    }
    RETURN_IF_ERROR(pipeline.RunBasic());
  }
  return pipeline.Stats();
}

}  // namespace onyx::converter::passes
