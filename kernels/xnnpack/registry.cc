// The XNNPACK kernel table: one row per (op, opset range), sorted by domain
// then op type. float32 only. `grep '"Softmax"'` finds a registration.
// Rows start at the opset from which ONNX's semantics are the ones the
// kernel implements (numpy broadcasting from 7, Clip's inputs from 11, ...);
// earlier opsets run on the reference kernels.

#include "kernels/xnnpack/registry.h"

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {
namespace {

constexpr uint64_t kF32 = DTypeBit(DType::kFloat32);

constexpr KernelDef kKernels[] = {
    {"", "Abs", 6, kLatestOpset, kF32, AbsPrepare, UnaryRun},
    {"", "Add", 7, kLatestOpset, kF32, AddPrepare, BinaryRun},
    {"", "Ceil", 6, kLatestOpset, kF32, CeilPrepare, UnaryRun},
    {"", "Clip", 6, kLatestOpset, kF32, ClipPrepare, UnaryRun},
    {"", "Concat", 4, kLatestOpset, kF32, ConcatPrepare, ConcatRun},
    {"", "Div", 7, kLatestOpset, kF32, DivPrepare, BinaryRun},
    {"", "Elu", 6, kLatestOpset, kF32, EluPrepare, UnaryRun},
    {"", "Floor", 6, kLatestOpset, kF32, FloorPrepare, UnaryRun},
    {"", "Gemm", 7, kLatestOpset, kF32, GemmPrepare, FullyConnectedRun},
    {"", "HardSwish", 14, kLatestOpset, kF32, HardSwishPrepare, UnaryRun},
    {"", "LeakyRelu", 6, kLatestOpset, kF32, LeakyReluPrepare, UnaryRun},
    {"", "MatMul", 1, kLatestOpset, kF32, MatMulPrepare, FullyConnectedRun},
    {"", "Max", 8, kLatestOpset, kF32, MaxPrepare, BinaryRun},
    {"", "Min", 8, kLatestOpset, kF32, MinPrepare, BinaryRun},
    {"", "Mul", 7, kLatestOpset, kF32, MulPrepare, BinaryRun},
    {"", "Neg", 6, kLatestOpset, kF32, NegPrepare, UnaryRun},
    {"", "PRelu", 7, kLatestOpset, kF32, PReluPrepare, PReluRun},
    {"", "Pow", 7, kLatestOpset, kF32, PowPrepare, UnaryRun},
    {"", "Relu", 6, kLatestOpset, kF32, ReluPrepare, UnaryRun},
    {"", "Round", 11, kLatestOpset, kF32, RoundPrepare, UnaryRun},
    {"", "Sigmoid", 6, kLatestOpset, kF32, SigmoidPrepare, UnaryRun},
    {"", "Softmax", 1, kLatestOpset, kF32, SoftmaxPrepare, SoftmaxRun},
    {"", "Sqrt", 6, kLatestOpset, kF32, SqrtPrepare, UnaryRun},
    {"", "Sub", 7, kLatestOpset, kF32, SubPrepare, BinaryRun},
    // com.microsoft: the fused ops the converter emits (ONNX Runtime's names).
    {"com.microsoft", "FusedGemm", 1, kLatestOpset, kF32, FusedGemmPrepare, FullyConnectedRun},
    // com.ms.internal.nhwc: the channels-last ops of the converter's layout pass.
    {"com.ms.internal.nhwc", "AveragePool", 1, kLatestOpset, kF32, NhwcAveragePoolPrepare, NhwcAveragePoolRun},
    {"com.ms.internal.nhwc", "Conv", 1, kLatestOpset, kF32, NhwcConvPrepare, NhwcConvRun},
    {"com.ms.internal.nhwc", "ConvTranspose", 1, kLatestOpset, kF32, NhwcConvTransposePrepare, NhwcConvTransposeRun},
    {"com.ms.internal.nhwc", "DepthToSpace", 1, kLatestOpset, kF32, NhwcDepthToSpacePrepare, NhwcDepthToSpaceRun},
    {"com.ms.internal.nhwc", "FusedConv", 1, kLatestOpset, kF32, NhwcConvPrepare, NhwcConvRun},
    {"com.ms.internal.nhwc", "GlobalAveragePool", 1, kLatestOpset, kF32, NhwcGlobalAveragePoolPrepare,
     NhwcGlobalAveragePoolRun},
    {"com.ms.internal.nhwc", "MaxPool", 1, kLatestOpset, kF32, NhwcMaxPoolPrepare, NhwcMaxPoolRun},
    {"com.ms.internal.nhwc", "Resize", 10, kLatestOpset, kF32, NhwcResizePrepare, NhwcResizeRun},
};

constexpr ProviderOptionDef kOptions[] = {
    // ONNX Runtime's XNNPACK option. onyx has one pool per session, shared
    // by every provider, so this sizes that pool (see SessionOptions).
    {"intra_op_num_threads", "threads of the session's pool (0: let onyx choose)"},
};

}  // namespace

KernelLibrary Library() {
  KernelLibrary library{kProviderName, Span<const KernelDef>(kKernels)};
  library.initialize = Initialize;
  library.options = Span<const ProviderOptionDef>(kOptions);
  return library;
}

}  // namespace onyx::kernels::xnnpack
