// The reference kernel table: one row per (op, opset range, dtypes), sorted by
// op type. `grep '"Softmax"'` finds a registration.

#include "kernels/ref/registry.h"

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// MatMul and Gemm from opset 9 on.
constexpr uint64_t kMatMulTypes = kFloatTypes | DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) |
                                  DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64);
// MaxPool from opset 12 on.
constexpr uint64_t kMaxPool12Types = kFloatTypes | DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8);
// Sub, Mul and Div from opset 7 to 13; opset 14 adds the 8- and 16-bit integers.
constexpr uint64_t kArith7Types = kFloatTypes | DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) |
                                  DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64);

const KernelDef kKernels[] = {
    {"", "Add", 7, kLatestOpset, kNumericTypes, AddPrepare, AddRun},
    {"", "AveragePool", 1, kLatestOpset, kFloatTypes, AveragePoolPrepare, AveragePoolRun},
    {"", "BatchNormalization", 7, kLatestOpset, kFloatTypes, BatchNormalizationPrepare,
     BatchNormalizationRun},
    {"", "Clip", 1, 10, kFloatTypes, ClipPrepare, ClipRun},
    {"", "Clip", 11, 11, kFloatTypes, ClipPrepare, ClipRun},
    {"", "Clip", 12, kLatestOpset, kNumericTypes, ClipPrepare, ClipRun},
    {"", "Concat", 1, 3, kLegacyFloatTypes, ConcatPrepare, ConcatRun},
    {"", "Concat", 4, 10, kFixedSizeTypes, ConcatPrepare, ConcatRun},
    {"", "Concat", 11, kLatestOpset, kFixedSizeTypes, ConcatPrepare, ConcatRun},
    {"", "Constant", 1, 8, 0, ConstantPrepare, ConstantRun},
    {"", "Constant", 9, 11, 0, ConstantPrepare, ConstantRun},
    {"", "Constant", 12, kLatestOpset, 0, ConstantPrepare, ConstantRun},
    {"", "Conv", 1, kLatestOpset, kFloatTypes, ConvPrepare, ConvRun},
    {"", "Div", 7, 13, kArith7Types, DivPrepare, DivRun},
    {"", "Div", 14, kLatestOpset, kNumericTypes, DivPrepare, DivRun},
    {"", "Flatten", 1, 8, kLegacyFloatTypes, FlattenPrepare, FlattenRun},
    {"", "Flatten", 9, 10, kFixedSizeTypes, FlattenPrepare, FlattenRun},
    {"", "Flatten", 11, kLatestOpset, kFixedSizeTypes, FlattenPrepare, FlattenRun},
    {"", "Gather", 1, kLatestOpset, kFixedSizeTypes, GatherPrepare, GatherRun},
    {"", "Gemm", 6, 8, kFloatTypes, GemmPrepare, GemmRun},
    {"", "Gemm", 9, kLatestOpset, kMatMulTypes, GemmPrepare, GemmRun},
    {"", "GlobalAveragePool", 1, kLatestOpset, kFloatTypes, GlobalAveragePoolPrepare,
     GlobalAveragePoolRun},
    {"", "Identity", 1, kLatestOpset, kFixedSizeTypes, IdentityPrepare, IdentityRun},
    {"", "MatMul", 1, 8, kFloatTypes, MatMulPrepare, MatMulRun},
    {"", "MatMul", 9, kLatestOpset, kMatMulTypes, MatMulPrepare, MatMulRun},
    {"", "MaxPool", 1, 11, kFloatTypes, MaxPoolPrepare, MaxPoolRun},
    {"", "MaxPool", 12, kLatestOpset, kMaxPool12Types, MaxPoolPrepare, MaxPoolRun},
    {"", "Mul", 7, 13, kArith7Types, MulPrepare, MulRun},
    {"", "Mul", 14, kLatestOpset, kNumericTypes, MulPrepare, MulRun},
    {"", "Relu", 6, kLatestOpset, kNumericTypes, ReluPrepare, ReluRun},
    {"", "Reshape", 1, 4, kLegacyFloatTypes, ReshapePrepare, ReshapeRun},
    {"", "Reshape", 5, 13, kFixedSizeTypes, ReshapePrepare, ReshapeRun},
    {"", "Reshape", 14, kLatestOpset, kFixedSizeTypes, ReshapePrepare, ReshapeRun},
    {"", "Shape", 1, 14, 0, ShapePrepare, ShapeRun},
    {"", "Shape", 15, kLatestOpset, 0, ShapePrepare, ShapeRun},
    {"", "Sigmoid", 1, kLatestOpset, kFloatTypes, SigmoidPrepare, SigmoidRun},
    {"", "Softmax", 1, kLatestOpset, kFloatTypes, SoftmaxPrepare, SoftmaxRun},
    {"", "Squeeze", 1, 10, kFixedSizeTypes, SqueezePrepare, SqueezeRun},
    {"", "Squeeze", 11, 12, kFixedSizeTypes, SqueezePrepare, SqueezeRun},
    {"", "Squeeze", 13, kLatestOpset, kFixedSizeTypes, SqueezePrepare, SqueezeRun},
    {"", "Sub", 7, 13, kArith7Types, SubPrepare, SubRun},
    {"", "Sub", 14, kLatestOpset, kNumericTypes, SubPrepare, SubRun},
    {"", "Tanh", 1, kLatestOpset, kFloatTypes, TanhPrepare, TanhRun},
    {"", "Transpose", 1, kLatestOpset, kFixedSizeTypes, TransposePrepare, TransposeRun},
    {"", "Unsqueeze", 1, 10, kFixedSizeTypes, UnsqueezePrepare, UnsqueezeRun},
    {"", "Unsqueeze", 11, 12, kFixedSizeTypes, UnsqueezePrepare, UnsqueezeRun},
    {"", "Unsqueeze", 13, kLatestOpset, kFixedSizeTypes, UnsqueezePrepare, UnsqueezeRun},
};

}  // namespace

KernelLibrary Library() {
  return KernelLibrary{kProviderName, Span<const KernelDef>(kKernels)};
}

}  // namespace onyx::kernels::ref
