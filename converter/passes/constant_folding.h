#pragma once

// Constant folding: a node whose inputs are all weights runs once, now, on
// the reference kernels, and its outputs become weights (owned by the
// model's store). Shape and Size also fold when their input's shape is fully
// known for every run (static input shapes), which folds whole shape
// subgraphs (Shape -> Gather -> Concat -> Reshape's shape input).
//
// Not folded: random ops (RandomNormal*, RandomUniform*, Bernoulli,
// Multinomial) and Dropout, control flow (If, Loop, Scan, SequenceMap),
// nodes with a graph output or a value a subgraph reads by name (the name
// must stay an output of a node), outputs that are not fixed-size tensors,
// and results over the size cap: a folded node's outputs may take at most
// max(1 MiB, 4 x the bytes of its inputs), so that ConstantOfShape, Expand,
// Tile or Range do not materialize large tensors, while a Cast or
// DequantizeLinear of a large weight still folds. Constant has no cap (it
// only moves its attribute's bytes). A node whose kernel refuses the inputs
// stays, and planning reports the error.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

constexpr size_t kFoldMinCapBytes = size_t{1} << 20;
constexpr size_t kFoldGrowthFactor = 4;

Result<int> FoldConstants(PassContext& ctx);

}  // namespace onyx::converter::passes
