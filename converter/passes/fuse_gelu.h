#pragma once

// Gelu (opset 20) from its two decompositions:
//   erf:  0.5 * x * (1 + Erf(x / sqrt(2)))          -> approximate = "none"
//   tanh: 0.5 * x * (1 + Tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
//                                                   -> approximate = "tanh"
// x^3 may be Pow(x, 3) or Mul(Mul(x, x), x), x / sqrt(2) may be written
// x * (1 / sqrt(2)); the halving may come first
// ((0.5 * x) * (1 + ...)), last (x * (1 + ...) * 0.5) or on the bracket
// (x * ((1 + ...) * 0.5)); operands of Add and Mul in either order.
// Constants must match to a relative 1e-4; every intermediate has no other
// reader. The node carries opset 20 whatever the model imports.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> FuseGelu(PassContext& ctx);

}  // namespace onyx::converter::passes
