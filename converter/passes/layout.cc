#include "converter/passes/layout.h"

#include <cstring>
#include <map>
#include <utility>

namespace onyx::converter::passes {
namespace {

const std::vector<int64_t> kToNhwc = {0, 2, 3, 1};
const std::vector<int64_t> kToNchw = {0, 3, 1, 2};

// Ops whose output element depends only on the inputs' elements at the same
// (broadcast) position, with no axis attribute: any layout serves them.
bool IsLayoutAgnostic(const planner::Node& node) {
  static const std::set<std::string> kOps = {
      "Abs",        "Add",   "Ceil",  "Clip",        "Div",       "Elu",       "Erf",
      "Exp",        "Floor", "Gelu",  "HardSigmoid", "HardSwish", "LeakyRelu", "Log",
      "Max",        "Mean",  "Min",   "Mul",         "Neg",       "Pow",       "PRelu",
      "Reciprocal", "Relu",  "Round", "Selu",        "Sigmoid",   "Sign",      "Softplus",
      "Softsign",   "Sqrt",  "Sub",   "Sum",         "Swish",     "Tanh",      "ThresholdedRelu"};
  return node.info.domain.empty() && kOps.count(node.info.op_type) > 0;
}

// Where axis `a` (of 4, negative counting from the end) of an NCHW tensor
// lies in its NHWC form.
int64_t ChannelsLastAxis(int64_t a) {
  if (a < 0) a += 4;
  return a == 0 ? 0 : a == 1 ? 3 : a - 1;
}

class LayoutPass {
 public:
  LayoutPass(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names,
             const kernels::KernelLibrary& reference, const ShapeSource* shapes)
      : graph_(graph), model_(model), edit_(graph, model, names), ctx_(edit_, reference, shapes) {}

  Result<int> Run();

 private:
  bool IsFloat4d(int t) { return t >= 0 && ctx_.shapes().dtype(t) == DType::kFloat32 && ctx_.shapes().rank(t) == 4; }
  bool InRegion(int t) const { return t >= 0 && region_tensor_[t]; }
  bool IsAnchor(const planner::Node& node);
  bool JoinsRegion(const planner::Node& node);
  bool Exits(int t) const;
  int DefaultOpset() const;

  Result<int> ChannelsLastWeight(int w);
  Result<int> ChannelsLastAxisVector(int w);
  int EntryOf(int t);
  Result<planner::Node> Rewrite(const planner::Node& node);

  planner::Graph& graph_;
  ModelRef model_;
  GraphEditor edit_;
  PassContext ctx_;
  std::vector<bool> in_region_;       // Per node.
  std::vector<bool> region_tensor_;   // Per tensor: written by a node of a region.
  std::map<int, int> twin_;           // Tensor -> its channels-last form.
  std::map<int, int> weight_nhwc_;    // Weight -> its channels-last copy.
  std::map<int, int> axes_nhwc_;      // Per-axis weight -> the same in NHWC axis order.
  std::vector<planner::Node> added_;  // Transposes at the region edges.
};

bool LayoutPass::IsAnchor(const planner::Node& node) {
  static const std::set<std::string> kOps = {"AveragePool",       "Conv",    "ConvTranspose", "DepthToSpace",
                                             "GlobalAveragePool", "MaxPool", "Resize"};
  const std::string& op = node.info.op_type;
  const bool fused = node.info.domain == "com.microsoft" && op == "FusedConv";
  if (!fused && (!node.info.domain.empty() || kOps.count(op) == 0)) return false;
  if (node.inputs.empty() || node.outputs.empty() || edit_.IsWeight(node.inputs[0])) return false;
  if (!IsFloat4d(node.inputs[0]) || !IsFloat4d(node.outputs[0])) return false;
  for (size_t o = 1; o < node.outputs.size(); ++o) {
    if (node.outputs[o] >= 0) return false;  // MaxPool's Indices count in NCHW order.
  }
  if (op == "Conv" || fused || op == "ConvTranspose") {
    if (node.inputs.size() < 2 || node.inputs.size() > 3 || !edit_.IsWeight(node.inputs[1])) return false;
    const planner::TensorInfo& w = edit_.tensor(node.inputs[1]);
    if (w.dtype != DType::kFloat32 || w.dims.size() != 4 || w.data == nullptr) return false;
  }
  if (op == "Resize") {
    // roi, scales and sizes list one entry per axis: constants, laid out again.
    for (size_t i = 1; i < node.inputs.size(); ++i) {
      const int t = node.inputs[i];
      if (t < 0) continue;
      if (!edit_.IsWeight(t) || edit_.tensor(t).dims.size() != 1) return false;
      const int64_t n = edit_.tensor(t).dims[0];
      if (n != 0 && n != 4 && n != 8 && !node.info.attrs.Has("axes")) return false;
    }
  }
  return true;
}

// An agnostic op joins when it reads a region tensor and every other input
// can follow without a transpose: constants, laid out again when they have
// more than one element, and rank-0 values.
bool LayoutPass::JoinsRegion(const planner::Node& node) {
  const bool concat = node.info.domain.empty() && node.info.op_type == "Concat";
  if (!concat && !IsLayoutAgnostic(node)) return false;
  if (node.outputs.size() != 1 || !IsFloat4d(node.outputs[0])) return false;
  bool reads_region = false;
  for (int t : node.inputs) {
    if (t < 0) continue;
    if (InRegion(t)) {
      reads_region = true;
    } else if (edit_.IsWeight(t)) {
      const size_t rank = edit_.tensor(t).dims.size();
      if (rank > 4 || (concat && rank != 4) || edit_.tensor(t).dtype == DType::kString) return false;
    } else if (concat || ctx_.shapes().rank(t) != 0) {
      return false;
    }
  }
  return reads_region;
}

// A region tensor someone outside the region reads (or a graph output).
bool LayoutPass::Exits(int t) const {
  if (edit_.IsGraphOutput(t)) return true;
  for (const Use& u : edit_.Uses(t)) {
    if (u.slot < 0 || !in_region_[u.node]) return true;
  }
  return false;
}

int LayoutPass::DefaultOpset() const {
  for (const auto& op : *model_.opset_imports) {
    if (op.first.empty() || op.first == "ai.onnx") return static_cast<int>(op.second);
  }
  return 13;
}

// Weight `w` of rank <= 4, right-aligned to rank 4 as broadcasting does,
// then permuted [0, 2, 3, 1]: Conv's OIHW becomes OHWI, a per-channel
// [C, 1, 1] becomes [1, 1, 1, C]. Weights of one element stay as they are.
Result<int> LayoutPass::ChannelsLastWeight(int w) {
  const planner::TensorInfo& info = edit_.tensor(w);
  if (NumElements(info.dims) <= 1) return w;
  if (auto it = weight_nhwc_.find(w); it != weight_nhwc_.end()) return it->second;
  Dims d(4 - info.dims.size(), 1);
  d.insert(d.end(), info.dims.begin(), info.dims.end());
  const Dims out{d[0], d[2], d[3], d[1]};
  const std::string hint = info.name + "_nhwc";
  const DType dtype = info.dtype;
  const auto* src = static_cast<const uint8_t*>(info.data);
  void* data = nullptr;
  ASSIGN_OR_RETURN(int t, edit_.AddWeight(hint, dtype, out, &data));  // May move `info`.
  auto* dst = static_cast<uint8_t*>(data);
  const size_t elem = DTypeSize(dtype);
  const int64_t plane = d[2] * d[3];
  for (int64_t n = 0; n < d[0]; ++n) {
    for (int64_t c = 0; c < d[1]; ++c) {
      for (int64_t s = 0; s < plane; ++s) {
        std::memcpy(dst + ((n * plane + s) * d[1] + c) * elem, src + ((n * d[1] + c) * plane + s) * elem, elem);
      }
    }
  }
  weight_nhwc_[w] = t;
  return t;
}

// Weight `w` listing groups of 4 per-axis entries in NCHW axis order
// (Resize's roi, scales, sizes), copied in NHWC axis order.
Result<int> LayoutPass::ChannelsLastAxisVector(int w) {
  const planner::TensorInfo& info = edit_.tensor(w);
  const int64_t n = NumElements(info.dims);
  if (n == 0) return w;
  if (auto it = axes_nhwc_.find(w); it != axes_nhwc_.end()) return it->second;
  const std::string hint = info.name + "_nhwc";
  const DType dtype = info.dtype;
  const Dims dims = info.dims;
  const auto* src = static_cast<const uint8_t*>(info.data);
  void* data = nullptr;
  ASSIGN_OR_RETURN(int t, edit_.AddWeight(hint, dtype, dims, &data));  // May move `info`.
  const size_t elem = DTypeSize(dtype);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t to = i / 4 * 4 + ChannelsLastAxis(i % 4);
    std::memcpy(static_cast<uint8_t*>(data) + to * elem, src + i * elem, elem);
  }
  axes_nhwc_[w] = t;
  return t;
}

// The channels-last form of `t`: its twin inside the region, else the
// output of the entry transpose (one per tensor).
int LayoutPass::EntryOf(int t) {
  if (auto it = twin_.find(t); it != twin_.end()) return it->second;
  const std::string name = edit_.tensor(t).name;
  const int nhwc = edit_.AddIntermediate(name + "_nhwc", DType::kFloat32);
  added_.push_back(MakeNode(edit_.UniqueName(name + "_to_nhwc"), "Transpose", "", DefaultOpset(), {t}, {nhwc},
                            {IntsAttribute("perm", kToNhwc)}));
  twin_[t] = nhwc;
  return nhwc;
}

Result<planner::Node> LayoutPass::Rewrite(const planner::Node& node) {
  const bool agnostic = node.info.domain.empty() && (IsLayoutAgnostic(node) || node.info.op_type == "Concat");
  const bool resize = node.info.domain.empty() && node.info.op_type == "Resize";
  std::vector<int> inputs = node.inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int t = inputs[i];
    if (t < 0) continue;
    if (InRegion(t) || (!agnostic && i == 0)) {
      inputs[i] = EntryOf(t);
    } else if (resize && !node.info.attrs.Has("axes")) {
      ASSIGN_OR_RETURN(inputs[i], ChannelsLastAxisVector(t));
    } else if (edit_.IsWeight(t) && (agnostic || (i == 1 && !resize))) {
      ASSIGN_OR_RETURN(inputs[i], ChannelsLastWeight(t));
    }
  }
  std::vector<kernels::Attribute> attrs = node.info.attrs.items();
  for (kernels::Attribute& a : attrs) {
    // Concat's axis and Resize's axes count in NCHW; renumber them for NHWC.
    if (node.info.op_type == "Concat" && a.name == "axis") a.i = ChannelsLastAxis(a.i);
    if (resize && a.name == "axes") {
      for (int64_t& axis : a.ints) axis = ChannelsLastAxis(axis);
    }
  }
  if (agnostic) {
    return MakeNode(node.info.name, node.info.op_type, "", node.info.opset, inputs, {twin_.at(node.outputs[0])},
                    std::move(attrs));
  }
  // FusedConv keeps com.microsoft's opset numbering (1); the rest their ONNX opset.
  return MakeNode(node.info.name, node.info.op_type, kNhwcDomain, node.info.opset, inputs, {twin_.at(node.outputs[0])},
                  std::move(attrs));
}

Result<int> LayoutPass::Run() {
  const int num_nodes = edit_.num_nodes();
  in_region_.assign(num_nodes, false);
  region_tensor_.assign(graph_.tensors.size(), false);
  int moved = 0;
  for (int n = 0; n < num_nodes; ++n) {
    const planner::Node& node = edit_.node(n);
    if (!IsAnchor(node) && !JoinsRegion(node)) continue;
    in_region_[n] = true;
    region_tensor_[node.outputs[0]] = true;
    ++moved;
  }
  if (moved == 0) return 0;
  // Everything below reads the editor's indices first, then edits the graph.
  std::vector<int> exits;
  for (int n = 0; n < num_nodes; ++n) {
    if (!in_region_[n]) continue;
    const int t = edit_.node(n).outputs[0];
    twin_[t] = edit_.AddIntermediate(edit_.tensor(t).name + "_nhwc", DType::kFloat32);
    if (Exits(t)) exits.push_back(t);
  }
  std::vector<std::pair<int, planner::Node>> rewritten;
  for (int n = 0; n < num_nodes; ++n) {
    if (!in_region_[n]) continue;
    ASSIGN_OR_RETURN(planner::Node node, Rewrite(edit_.node(n)));
    rewritten.emplace_back(n, std::move(node));
  }
  for (int t : exits) {
    const std::string name = edit_.UniqueName(edit_.tensor(t).name + "_to_nchw");
    added_.push_back(
        MakeNode(name, "Transpose", "", DefaultOpset(), {twin_.at(t)}, {t}, {IntsAttribute("perm", kToNchw)}));
  }
  edit_.RequireOpset(kNhwcDomain, 1);
  for (auto& [n, node] : rewritten) {
    node.info.index = n;
    graph_.nodes[n] = std::move(node);
  }
  for (planner::Node& node : added_) graph_.nodes.push_back(std::move(node));
  return moved;
}

// Drops what nothing reads any more (the NCHW weights, the region's NCHW
// tensors) and puts the nodes in a topological order again.
Status Tidy(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names) {
  GraphEditor edit(graph, model, names);
  edit.Compact();
  ASSIGN_OR_RETURN(std::vector<int> order, planner::TopologicalOrder(graph));
  std::vector<planner::Node> nodes;
  for (int n : order) {
    nodes.push_back(std::move(graph.nodes[n]));
    nodes.back().info.index = static_cast<int>(nodes.size() - 1);
  }
  graph.nodes = std::move(nodes);
  return Status::Ok();
}

bool IsPerm(const planner::Node& node, const std::vector<int64_t>& perm) {
  return node.info.domain.empty() && node.info.op_type == "Transpose" && node.info.attrs.GetInts("perm") == perm;
}

}  // namespace

Result<int> AssignLayout(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names,
                         const kernels::KernelLibrary& reference, const ShapeSource* shapes) {
  int moved = 0;
  {
    LayoutPass pass(graph, model, names, reference, shapes);
    ASSIGN_OR_RETURN(moved, pass.Run());
  }
  if (moved > 0) RETURN_IF_ERROR(Tidy(graph, model, names));
  return moved;
}

std::vector<TensorLayout> TensorLayouts(const planner::Graph& graph) {
  std::vector<TensorLayout> layout(graph.tensors.size(), TensorLayout::kAny);
  std::vector<std::vector<int>> readers(graph.tensors.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    for (int t : graph.nodes[n].inputs) {
      if (t >= 0) readers[t].push_back(static_cast<int>(n));
    }
  }
  auto is_nhwc_node = [&](int n) { return graph.nodes[n].info.domain == kNhwcDomain; };
  Result<std::vector<int>> order = planner::TopologicalOrder(graph);
  if (!order.ok()) return layout;
  for (int n : order.value()) {
    const planner::Node& node = graph.nodes[n];
    bool nhwc = is_nhwc_node(n);
    if (IsPerm(node, kToNhwc) && !node.outputs.empty() && node.outputs[0] >= 0) {
      // An entry transpose: only NHWC nodes read what it writes.
      const std::vector<int>& r = readers[node.outputs[0]];
      nhwc = !r.empty();
      for (int m : r) nhwc = nhwc && is_nhwc_node(m);
    } else if (!nhwc && node.info.domain.empty() && node.info.op_type != "Transpose") {
      // A region's agnostic op reads a region tensor.
      for (int t : node.inputs)
        nhwc = nhwc ||
               (t >= 0 && layout[t] == TensorLayout::kNhwc && graph.tensors[t].kind != planner::TensorKind::kWeight);
    }
    if (!nhwc) continue;
    for (int t : node.outputs) {
      if (t >= 0) layout[t] = TensorLayout::kNhwc;
    }
    // Conv-family weights are channels-last too (OHWI).
    const std::string& op = node.info.op_type;
    if (is_nhwc_node(n) && (op == "Conv" || op == "FusedConv" || op == "ConvTranspose") && node.inputs.size() > 1 &&
        node.inputs[1] >= 0 && graph.tensors[node.inputs[1]].kind == planner::TensorKind::kWeight) {
      layout[node.inputs[1]] = TensorLayout::kNhwc;
    }
  }
  return layout;
}

}  // namespace onyx::converter::passes
