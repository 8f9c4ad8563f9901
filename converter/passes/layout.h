#pragma once

// Layout: runs regions of float32 4-D (2-D spatial) convolutions and pools
// channels-last, for XNNPACK, which works in NHWC.
//
// Anchors, always moved when they qualify: Conv and com.microsoft FusedConv
// with a constant 4-D W, MaxPool without Indices, AveragePool and
// GlobalAveragePool, on a float32 rank-4 X. Each becomes the op of the same
// name in ONNX Runtime's internal NHWC domain ("com.ms.internal.nhwc",
// kernels/ref/internal/nhwc_util.h), W transposed to [M, kH, kW, C/group]
// (OHWI) in a new weight. Layout-agnostic ops (elementwise Add, Mul, Relu,
// Clip, Sigmoid, HardSwish..., and Concat with its axis renumbered) join
// the region of their producers when every rank-4 input they read comes
// from the region: their other inputs must be constants (laid out again:
// a [C, 1, 1] per-channel constant becomes [1, 1, 1, C]) or scalars. So
// an op that would need a transpose of its own stays outside.
//
// A region gets one Transpose (perm [0, 2, 3, 1]) per tensor entering it and
// one (perm [0, 3, 1, 2]) per tensor leaving it, never one per node: the
// tensors outside keep their names and meaning. Which provider runs a
// region is decided when a session starts; both the reference kernels and
// XNNPACK run the NHWC ops, so the pass runs at ORT_ENABLE_LAYOUT and
// ORT_ENABLE_ALL whatever the host providers; a conversion whose first
// provider is a device's (CUDA, whose kernels take ONNX's NCHW) skips it
// (PipelineOptions::channels_last).
//
// Unlike the editor-based passes it adds nodes, which GraphEditor does not
// do: it rewrites `graph` itself, then drops what nothing reads and puts the
// nodes back in a topological order. Returns the number of nodes moved to
// the NHWC domain.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

constexpr const char* kNhwcDomain = "com.ms.internal.nhwc";

// `shapes`: the main graph's planning shapes, null for a subgraph (only
// declared ranks are known there, so it seldom has a region).
Result<int> AssignLayout(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names,
                         const kernels::KernelLibrary& reference, const ShapeSource* shapes);

// The values of format/onyx.fbs's Layout enum.
enum class TensorLayout : uint8_t { kAny = 0, kNchw = 1, kNhwc = 2 };

// What the file records per tensor: kNhwc for the tensors of an NHWC region
// (what its nodes write and the transposed weights they read; found from
// the nodes, so it holds for any graph), kAny for the rest.
std::vector<TensorLayout> TensorLayouts(const planner::Graph& graph);

}  // namespace onyx::converter::passes
