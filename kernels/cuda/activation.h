#pragma once

// An elementwise activation as the CUDA kernels apply it: a unary op
// (Relu, Sigmoid...) or the epilogue the converter fused into a Conv or Gemm
// (FusedConv, FusedGemm: `activation`, `activation_params`). Plain data, read
// by host code and by device code alike.

namespace onyx::kernels::cuda {

enum class ActOp : int {
  kIdentity,
  kRelu,
  kSigmoid,
  kTanh,
  kHardSwish,
  kLeakyRelu,    // a: alpha
  kHardSigmoid,  // a: alpha, b: beta
  kSwish,        // a: alpha (x * sigmoid(alpha x))
  kClip,         // a: min, b: max
  kElu,          // a: alpha
  kAbs,
  kNeg,
  kSqrt,
  kExp,
  kLog,
  kErf,
  kGelu,      // exact (erf); b != 0: the tanh approximation
  kSoftplus,
  kReciprocal,
  kFloor,
  kCeil,
  kRound,  // half to even
  kSin,
  kCos,
};

struct Act {
  ActOp op = ActOp::kIdentity;
  float a = 0.0f;
  float b = 0.0f;
};

}  // namespace onyx::kernels::cuda
