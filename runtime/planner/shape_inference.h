#pragma once

// Shape propagation: runs each node's kernel Prepare in execution order,
// which validates the node and yields its outputs' dtypes and shapes. The
// runtime keeps what Prepare produced (state, scratch); the converter only
// the shapes.
//
// Small integer tensors whose inputs are all known (Shape -> Gather -> Concat
// -> Reshape chains in exported models) are evaluated on the spot with the
// reference kernel, so that kernels needing a value (Reshape's shape) see it
// even when the batch size is symbolic.
//
// Shapes that only the data decides stay open: a kernel declares such an
// output dynamic (NonZero), and a node is *deferred* when one of its inputs is
// dynamic or its Prepare needs a value nobody knows yet (kFailedPrecondition).
// Deferred nodes are prepared at run time; their outputs are dynamic too.

#include <functional>
#include <memory>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/arena.h"
#include "runtime/planner/graph.h"

namespace onyx::planner {

// Picks the kernel that will run `node` (whose first input has `dtype`), or
// nullptr if no provider has one.
using KernelResolver = std::function<const kernels::KernelDef*(const Node& node, DType dtype)>;

// The kernels that may run `node`, one per provider that has one, in the
// session's priority order. Each is prepared in turn until one accepts the
// node: a Prepare that returns kUnsupported passes the node on to the next
// (see KernelLibrary); the last one's error is the node's.
using KernelCandidates = std::function<std::vector<const kernels::KernelDef*>(const Node& node, DType dtype)>;

struct PreparedNode {
  bool deferred = false;  // Prepared at run time (see above); `kernel` is unset.
  const kernels::KernelDef* kernel = nullptr;
  kernels::KernelState state{nullptr, [](void*) {}};
  size_t scratch_bytes = 0;
  uint64_t unread_inputs = 0;  // PrepareContext::SkipInputInRun.
};

struct ShapeInfo {
  std::vector<kernels::ValueInfo> values;  // One per graph tensor.
  std::vector<PreparedNode> nodes;         // One per graph node (by node index).
  std::vector<AlignedBuffer> known_values; // Storage behind ValueInfo::data of evaluated tensors.
};

// What is known of the graph inputs when planning, in graph.inputs order.
struct InputSignature {
  // Concrete shape of each input, or empty to use the declared shapes (then
  // every extent must be known).
  std::vector<Dims> dims;
  // Element types, for subgraph inputs whose declaration omits them (empty:
  // as declared).
  std::vector<DType> dtypes;
};

// Ops whose result differs from run to run (random draws, Dropout in
// training): never evaluated ahead of time.
bool IsNondeterministic(const kernels::NodeInfo& node);

// One output of EvaluateNode: dtype and shape in `value`, whose `data`
// points into `bytes`.
struct EvaluatedValue {
  kernels::ValueInfo value;
  AlignedBuffer bytes;
};

// Runs `node` once with its reference kernel on `inputs` (one per node input;
// ValueInfo{} for an omitted one), whose values (ValueInfo::data) are known,
// except inputs the kernel reads only the shape of (Shape, Size). The
// planner uses it for small shape tensors, the converter to fold constants.
// One result per node output; an absent output (node.outputs[i] < 0) comes
// back with present = false and no bytes. Returns kNotFound when no reference
// kernel matches, kUnsupported for outputs that are not fixed-size tensors
// with a static shape, kFailedPrecondition when they would take more than
// `max_output_bytes` (nothing is run then), and the kernel's own errors.
Result<std::vector<EvaluatedValue>> EvaluateNode(const Node& node, const std::vector<kernels::ValueInfo>& inputs,
                                                 const kernels::KernelLibrary& reference,
                                                 size_t max_output_bytes = static_cast<size_t>(-1));

// Errors name the node (NodeInfo::Where) and the tensor.
Result<ShapeInfo> InferShapes(const Graph& graph, Span<const int> order, const KernelResolver& resolve,
                              const kernels::KernelLibrary& reference, const InputSignature& inputs);

// The same with provider fallback (KernelCandidates); every Prepare sees
// `threadpool` (PrepareContext::threadpool).
Result<ShapeInfo> InferShapes(const Graph& graph, Span<const int> order, const KernelCandidates& candidates,
                              const kernels::KernelLibrary& reference, const InputSignature& inputs,
                              void* threadpool = nullptr);

// Prepares `node` with the first of `candidates` whose Prepare does not
// return kUnsupported (the last one's status otherwise); `ctx` is rebuilt
// from `inputs` for each try. Returns the kernel chosen (nullptr with an
// error). For the executor's nodes prepared at run time.
Result<const kernels::KernelDef*> PrepareWithFallback(const Node& node,
                                                      const std::vector<const kernels::KernelDef*>& candidates,
                                                      const std::vector<kernels::ValueInfo>& inputs, void* threadpool,
                                                      std::unique_ptr<kernels::PrepareContext>* ctx);

}  // namespace onyx::planner
