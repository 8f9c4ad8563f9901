// The CUDA kernel table. Rows: domain, op, first and last opset, dtypes of
// the first input, Prepare, Run.

#include "kernels/cuda/registry.h"

#include "kernels/cuda/ops.h"

namespace onyx::kernels::cuda {
namespace {

constexpr uint64_t kF32 = DTypeBit(DType::kFloat32);

constexpr KernelDef kKernels[] = {
    {"", "Abs", 6, kLatestOpset, kF32, AbsPrepare, UnaryRun},
    {"", "Add", 7, kLatestOpset, kF32, AddPrepare, BinaryRun},
    {"", "AveragePool", 7, kLatestOpset, kF32, AveragePoolPrepare, PoolRun},
    {"", "Ceil", 6, kLatestOpset, kF32, CeilPrepare, UnaryRun},
    {"", "Clip", 6, kLatestOpset, kF32, ClipPrepare, UnaryRun},
    {"", "Concat", 4, kLatestOpset, kF32, ConcatPrepare, ConcatRun},
    {"", "Conv", 1, kLatestOpset, kF32, ConvPrepare, ConvRun},
    {"", "Cos", 7, kLatestOpset, kF32, CosPrepare, UnaryRun},
    {"", "Div", 7, kLatestOpset, kF32, DivPrepare, BinaryRun},
    {"", "Elu", 6, kLatestOpset, kF32, EluPrepare, UnaryRun},
    {"", "Erf", 9, kLatestOpset, kF32, ErfPrepare, UnaryRun},
    {"", "Exp", 6, kLatestOpset, kF32, ExpPrepare, UnaryRun},
    {"", "Expand", 8, kLatestOpset, kF32, ExpandPrepare, ExpandRun},
    {"", "Flatten", 1, kLatestOpset, kF32, FlattenPrepare, CopyRun},
    {"", "Floor", 6, kLatestOpset, kF32, FloorPrepare, UnaryRun},
    {"", "Gelu", 20, kLatestOpset, kF32, GeluPrepare, UnaryRun},
    {"", "Gather", 1, kLatestOpset, kF32, GatherPrepare, GatherRun},
    {"", "Gemm", 7, kLatestOpset, kF32, GemmPrepare, GemmRun},
    {"", "GlobalAveragePool", 1, kLatestOpset, kF32, GlobalAveragePoolPrepare, GlobalAveragePoolRun},
    {"", "HardSigmoid", 6, kLatestOpset, kF32, HardSigmoidPrepare, UnaryRun},
    {"", "HardSwish", 14, kLatestOpset, kF32, HardSwishPrepare, UnaryRun},
    {"", "Identity", 1, kLatestOpset, kF32, IdentityPrepare, CopyRun},
    {"", "LayerNormalization", 17, kLatestOpset, kF32, LayerNormalizationPrepare, LayerNormalizationRun},
    {"", "LeakyRelu", 6, kLatestOpset, kF32, LeakyReluPrepare, UnaryRun},
    {"", "Log", 6, kLatestOpset, kF32, LogPrepare, UnaryRun},
    {"", "LogSoftmax", 1, kLatestOpset, kF32, LogSoftmaxPrepare, SoftmaxRun},
    {"", "MatMul", 1, kLatestOpset, kF32, MatMulPrepare, MatMulRun},
    {"", "Max", 8, kLatestOpset, kF32, MaxPrepare, BinaryRun},
    {"", "MaxPool", 8, kLatestOpset, kF32, MaxPoolPrepare, PoolRun},
    {"", "Min", 8, kLatestOpset, kF32, MinPrepare, BinaryRun},
    {"", "Mul", 7, kLatestOpset, kF32, MulPrepare, BinaryRun},
    {"", "Neg", 6, kLatestOpset, kF32, NegPrepare, UnaryRun},
    {"", "Pow", 7, kLatestOpset, kF32, PowPrepare, BinaryRun},
    {"", "PRelu", 9, kLatestOpset, kF32, PReluPrepare, BinaryRun},
    {"", "Reciprocal", 6, kLatestOpset, kF32, ReciprocalPrepare, UnaryRun},
    {"", "ReduceMean", 1, kLatestOpset, kF32, ReduceMeanPrepare, ReduceMeanRun},
    {"", "Relu", 6, kLatestOpset, kF32, ReluPrepare, UnaryRun},
    {"", "Reshape", 5, kLatestOpset, kF32, ReshapePrepare, CopyRun},
    {"", "Round", 11, kLatestOpset, kF32, RoundPrepare, UnaryRun},
    {"", "Sigmoid", 6, kLatestOpset, kF32, SigmoidPrepare, UnaryRun},
    {"", "Sin", 7, kLatestOpset, kF32, SinPrepare, UnaryRun},
    {"", "Slice", 1, kLatestOpset, kF32, SlicePrepare, SliceRun},
    {"", "Softmax", 1, kLatestOpset, kF32, SoftmaxPrepare, SoftmaxRun},
    {"", "Softplus", 1, kLatestOpset, kF32, SoftplusPrepare, UnaryRun},
    {"", "Split", 2, kLatestOpset, kF32, SplitPrepare, SplitRun},
    {"", "Sqrt", 6, kLatestOpset, kF32, SqrtPrepare, UnaryRun},
    {"", "Squeeze", 1, kLatestOpset, kF32, SqueezePrepare, CopyRun},
    {"", "Sub", 7, kLatestOpset, kF32, SubPrepare, BinaryRun},
    {"", "Tanh", 6, kLatestOpset, kF32, TanhPrepare, UnaryRun},
    {"", "Transpose", 1, kLatestOpset, kF32, TransposePrepare, TransposeRun},
    {"", "Unsqueeze", 1, kLatestOpset, kF32, UnsqueezePrepare, CopyRun},
    {"com.microsoft", "FusedConv", 1, kLatestOpset, kF32, FusedConvPrepare, ConvRun},
    {"com.microsoft", "FusedGemm", 1, kLatestOpset, kF32, FusedGemmPrepare, GemmRun},
};

// ONNX Runtime's CUDA provider options that onyx accepts: the device, and
// those onyx's design makes moot (one arena from the plan, no cuDNN). The
// others (gpu_mem_limit, enable_cuda_graph, prefer_fp16, use_tf32) are
// refused until they are implemented.
constexpr ProviderOptionDef kOptions[] = {
    {"device_id", "the GPU to run on: the current device (0 unless the process chose another)"},
    {"arena_extend_strategy", "accepted for ONNX Runtime compatibility: onyx sizes its arena from the plan"},
    {"cudnn_conv_algo_search", "accepted for ONNX Runtime compatibility: onyx does not use cuDNN"},
    {"do_copy_in_default_stream", "accepted for ONNX Runtime compatibility: copies share each run's stream"},
};

Status Initialize() { return Available(); }

}  // namespace

KernelLibrary Library() {
  KernelLibrary library{};
  library.provider = kProviderName;
  library.kernels = Span<const KernelDef>(kKernels);
  library.initialize = Initialize;
  library.options = Span<const ProviderOptionDef>(kOptions);
  library.device = &Device();
  return library;
}

}  // namespace onyx::kernels::cuda
