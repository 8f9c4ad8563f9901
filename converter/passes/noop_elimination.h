#pragma once

// No-op elimination: removes nodes that hand their input on unchanged.
//   Identity;
//   Dropout in inference: mask output absent or unread, training_mode absent
//     or a false constant (opsets 1 and 6: is_test set);
//   Cast (CastLike) to the type the input already has;
//   Reshape to the shape the input already has (both known for every run);
//   Transpose with the identity permutation, and Transpose pairs whose
//     permutations cancel;
//   Pad whose pads are all zero;
//   Unsqueeze then Squeeze, or Squeeze then Unsqueeze, of the same axes.
// Readers of the output read the input instead. When the output is a graph
// output (or read by name in a subgraph) its name stays: the input's
// producer writes it directly; when that is impossible (the input is a
// graph input or a weight) the node stays. Of a cancelling pair only the
// second node goes; the first dies with its last reader (dead-node pass).

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> EliminateNoOps(PassContext& ctx);

}  // namespace onyx::converter::passes
