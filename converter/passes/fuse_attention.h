#pragma once

// Scaled dot-product attention from the pattern exported transformers use:
//   s = MatMul(Q, Transpose(K))           (perm [0, 1, 3, 2] of a 4-D K, or
//                                          [0, 2, 3, 1] of [B, seq, heads, d])
//   s = Div(s, c) or Mul(s, c)            (optional; scale = 1 / c or c)
//   s = Add(s, mask)                      (optional)
//   y = MatMul(Softmax(s, last axis), V)
// becomes Attention (opset 23) with Q, K, V of rank 4 ([B, heads, seq, d]),
// the mask as attn_mask and `scale` set (1 without a Div or Mul). A
// [0, 2, 3, 1] transpose turns into [0, 2, 1, 3], giving K. Conditions
// (kernels/ref/attention.cc): float types; Q, K, V share the batch, K and V
// the heads, which divide Q's; a mask is float like Q, broadcasts to
// [B, heads, q_seq, kv_seq] and spans every key: its last dim must equal the
// keys' count in shapes known for every run (Attention pads a shorter mask
// with -inf where Add would broadcast it). Where Softmax meets a row that is
// -inf everywhere, Attention gives zeros and the pattern NaN.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> FuseAttention(PassContext& ctx);

}  // namespace onyx::converter::passes
