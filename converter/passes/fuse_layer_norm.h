#pragma once

// LayerNormalization from its decomposed form (as PyTorch and Keras export
// it):
//   mean = ReduceMean(x, axes)          d = Sub(x, mean)
//   var  = ReduceMean(Pow(d, 2) or Mul(d, d), axes)
//   n    = Div(d, Sqrt(Add(var, epsilon)))
//   y    = Add(Mul(n, gamma), beta)     (the Add is optional)
// becomes LayerNormalization (opset 17) with axis = -k for the k trailing
// axes reduced, `epsilon` from the constant, Scale = gamma, B = beta. Both
// ReduceMeans keep dims and reduce the same trailing axes; gamma and beta
// are constants that broadcast onto x without enlarging it; every
// intermediate has no other reader. LayerNormalization computes its
// statistics in float (stash_type 1) even for float16 inputs.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> FuseLayerNorm(PassContext& ctx);

}  // namespace onyx::converter::passes
