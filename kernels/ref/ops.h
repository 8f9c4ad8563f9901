#pragma once

// Prepare and Run of every reference kernel, one pair per ONNX op, defined in
// kernels/ref/<op_in_snake_case>.cc and registered in registry.cc.

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

Status AbsPrepare(PrepareContext& ctx);
Status AbsRun(const RunContext& ctx);

Status AcosPrepare(PrepareContext& ctx);
Status AcosRun(const RunContext& ctx);

Status AcoshPrepare(PrepareContext& ctx);
Status AcoshRun(const RunContext& ctx);

Status AddPrepare(PrepareContext& ctx);
Status AddRun(const RunContext& ctx);

Status AffineGridPrepare(PrepareContext& ctx);
Status AffineGridRun(const RunContext& ctx);

Status AndPrepare(PrepareContext& ctx);
Status AndRun(const RunContext& ctx);

Status ArgMaxPrepare(PrepareContext& ctx);
Status ArgMaxRun(const RunContext& ctx);

Status ArgMinPrepare(PrepareContext& ctx);
Status ArgMinRun(const RunContext& ctx);

Status AsinPrepare(PrepareContext& ctx);
Status AsinRun(const RunContext& ctx);

Status AsinhPrepare(PrepareContext& ctx);
Status AsinhRun(const RunContext& ctx);

Status AtanPrepare(PrepareContext& ctx);
Status AtanRun(const RunContext& ctx);

Status AtanhPrepare(PrepareContext& ctx);
Status AtanhRun(const RunContext& ctx);

Status AttentionPrepare(PrepareContext& ctx);
Status AttentionRun(const RunContext& ctx);

Status AveragePoolPrepare(PrepareContext& ctx);
Status AveragePoolRun(const RunContext& ctx);

Status BatchNormalizationPrepare(PrepareContext& ctx);
Status BatchNormalizationRun(const RunContext& ctx);

Status BernoulliPrepare(PrepareContext& ctx);
Status BernoulliRun(const RunContext& ctx);

Status BitCastPrepare(PrepareContext& ctx);
Status BitCastRun(const RunContext& ctx);

Status BitShiftPrepare(PrepareContext& ctx);
Status BitShiftRun(const RunContext& ctx);

Status BitwiseAndPrepare(PrepareContext& ctx);
Status BitwiseAndRun(const RunContext& ctx);

Status BitwiseNotPrepare(PrepareContext& ctx);
Status BitwiseNotRun(const RunContext& ctx);

Status BitwiseOrPrepare(PrepareContext& ctx);
Status BitwiseOrRun(const RunContext& ctx);

Status BitwiseXorPrepare(PrepareContext& ctx);
Status BitwiseXorRun(const RunContext& ctx);

Status BlackmanWindowPrepare(PrepareContext& ctx);
Status BlackmanWindowRun(const RunContext& ctx);

Status CastPrepare(PrepareContext& ctx);
Status CastRun(const RunContext& ctx);

Status CastLikePrepare(PrepareContext& ctx);
Status CastLikeRun(const RunContext& ctx);

Status CausalConvWithStatePrepare(PrepareContext& ctx);
Status CausalConvWithStateRun(const RunContext& ctx);

Status CeilPrepare(PrepareContext& ctx);
Status CeilRun(const RunContext& ctx);

Status CeluPrepare(PrepareContext& ctx);
Status CeluRun(const RunContext& ctx);

Status CenterCropPadPrepare(PrepareContext& ctx);
Status CenterCropPadRun(const RunContext& ctx);

Status ClipPrepare(PrepareContext& ctx);
Status ClipRun(const RunContext& ctx);

Status Col2ImPrepare(PrepareContext& ctx);
Status Col2ImRun(const RunContext& ctx);

Status CompressPrepare(PrepareContext& ctx);
Status CompressRun(const RunContext& ctx);

Status ConcatPrepare(PrepareContext& ctx);
Status ConcatRun(const RunContext& ctx);

Status ConstantPrepare(PrepareContext& ctx);
Status ConstantRun(const RunContext& ctx);

Status ConstantOfShapePrepare(PrepareContext& ctx);
Status ConstantOfShapeRun(const RunContext& ctx);

Status ConvPrepare(PrepareContext& ctx);
Status ConvRun(const RunContext& ctx);

Status ConvIntegerPrepare(PrepareContext& ctx);
Status ConvIntegerRun(const RunContext& ctx);

Status CosPrepare(PrepareContext& ctx);
Status CosRun(const RunContext& ctx);

Status CoshPrepare(PrepareContext& ctx);
Status CoshRun(const RunContext& ctx);

Status ConvTransposePrepare(PrepareContext& ctx);
Status ConvTransposeRun(const RunContext& ctx);

Status CumProdPrepare(PrepareContext& ctx);
Status CumProdRun(const RunContext& ctx);

Status CumSumPrepare(PrepareContext& ctx);
Status CumSumRun(const RunContext& ctx);

Status DeformConvPrepare(PrepareContext& ctx);
Status DeformConvRun(const RunContext& ctx);

Status DepthToSpacePrepare(PrepareContext& ctx);
Status DepthToSpaceRun(const RunContext& ctx);

Status DequantizeLinearPrepare(PrepareContext& ctx);
Status DequantizeLinearRun(const RunContext& ctx);

Status DetPrepare(PrepareContext& ctx);
Status DetRun(const RunContext& ctx);

Status DftPrepare(PrepareContext& ctx);
Status DftRun(const RunContext& ctx);

Status DivPrepare(PrepareContext& ctx);
Status DivRun(const RunContext& ctx);

Status DropoutPrepare(PrepareContext& ctx);
Status DropoutRun(const RunContext& ctx);

Status DynamicQuantizeLinearPrepare(PrepareContext& ctx);
Status DynamicQuantizeLinearRun(const RunContext& ctx);

Status EinsumPrepare(PrepareContext& ctx);
Status EinsumRun(const RunContext& ctx);

Status EluPrepare(PrepareContext& ctx);
Status EluRun(const RunContext& ctx);

Status EqualPrepare(PrepareContext& ctx);
Status EqualRun(const RunContext& ctx);

Status ErfPrepare(PrepareContext& ctx);
Status ErfRun(const RunContext& ctx);

Status ExpPrepare(PrepareContext& ctx);
Status ExpRun(const RunContext& ctx);

Status ExpandPrepare(PrepareContext& ctx);
Status ExpandRun(const RunContext& ctx);

Status EyeLikePrepare(PrepareContext& ctx);
Status EyeLikeRun(const RunContext& ctx);

Status FlattenPrepare(PrepareContext& ctx);
Status FlattenRun(const RunContext& ctx);

Status FloorPrepare(PrepareContext& ctx);
Status FloorRun(const RunContext& ctx);

// com.microsoft fused ops (ONNX Runtime's contrib names), emitted by the
// converter's fusion pass.
Status FusedConvPrepare(PrepareContext& ctx);
Status FusedConvRun(const RunContext& ctx);

Status FusedGemmPrepare(PrepareContext& ctx);
Status FusedGemmRun(const RunContext& ctx);

Status GatherPrepare(PrepareContext& ctx);
Status GatherRun(const RunContext& ctx);

Status GatherElementsPrepare(PrepareContext& ctx);
Status GatherElementsRun(const RunContext& ctx);

Status GatherNDPrepare(PrepareContext& ctx);
Status GatherNDRun(const RunContext& ctx);

Status GeluPrepare(PrepareContext& ctx);
Status GeluRun(const RunContext& ctx);

Status GemmPrepare(PrepareContext& ctx);
Status GemmRun(const RunContext& ctx);

Status GlobalAveragePoolPrepare(PrepareContext& ctx);
Status GlobalAveragePoolRun(const RunContext& ctx);

Status GlobalLpPoolPrepare(PrepareContext& ctx);
Status GlobalLpPoolRun(const RunContext& ctx);

Status GlobalMaxPoolPrepare(PrepareContext& ctx);
Status GlobalMaxPoolRun(const RunContext& ctx);

Status GreaterPrepare(PrepareContext& ctx);
Status GreaterRun(const RunContext& ctx);

Status GreaterOrEqualPrepare(PrepareContext& ctx);
Status GreaterOrEqualRun(const RunContext& ctx);

Status GridSamplePrepare(PrepareContext& ctx);
Status GridSampleRun(const RunContext& ctx);

Status GroupNormalizationPrepare(PrepareContext& ctx);
Status GroupNormalizationRun(const RunContext& ctx);

Status GRUPrepare(PrepareContext& ctx);
Status GRURun(const RunContext& ctx);

Status HammingWindowPrepare(PrepareContext& ctx);
Status HammingWindowRun(const RunContext& ctx);

Status HannWindowPrepare(PrepareContext& ctx);
Status HannWindowRun(const RunContext& ctx);

Status HardSigmoidPrepare(PrepareContext& ctx);
Status HardSigmoidRun(const RunContext& ctx);

Status HardSwishPrepare(PrepareContext& ctx);
Status HardSwishRun(const RunContext& ctx);

Status HardmaxPrepare(PrepareContext& ctx);
Status HardmaxRun(const RunContext& ctx);

Status IdentityPrepare(PrepareContext& ctx);
Status IdentityRun(const RunContext& ctx);

Status ImageDecoderPrepare(PrepareContext& ctx);
Status ImageDecoderRun(const RunContext& ctx);

Status InstanceNormalizationPrepare(PrepareContext& ctx);
Status InstanceNormalizationRun(const RunContext& ctx);

Status IsInfPrepare(PrepareContext& ctx);
Status IsInfRun(const RunContext& ctx);

Status IsNaNPrepare(PrepareContext& ctx);
Status IsNaNRun(const RunContext& ctx);

Status LayerNormalizationPrepare(PrepareContext& ctx);
Status LayerNormalizationRun(const RunContext& ctx);

Status LeakyReluPrepare(PrepareContext& ctx);
Status LeakyReluRun(const RunContext& ctx);

Status LessPrepare(PrepareContext& ctx);
Status LessRun(const RunContext& ctx);

Status LessOrEqualPrepare(PrepareContext& ctx);
Status LessOrEqualRun(const RunContext& ctx);

Status LinearAttentionPrepare(PrepareContext& ctx);
Status LinearAttentionRun(const RunContext& ctx);

Status LogPrepare(PrepareContext& ctx);
Status LogRun(const RunContext& ctx);

Status LogSoftmaxPrepare(PrepareContext& ctx);
Status LogSoftmaxRun(const RunContext& ctx);

Status LpNormalizationPrepare(PrepareContext& ctx);
Status LpNormalizationRun(const RunContext& ctx);

Status LpPoolPrepare(PrepareContext& ctx);
Status LpPoolRun(const RunContext& ctx);

Status LRNPrepare(PrepareContext& ctx);
Status LRNRun(const RunContext& ctx);

Status LSTMPrepare(PrepareContext& ctx);
Status LSTMRun(const RunContext& ctx);

Status MatMulPrepare(PrepareContext& ctx);
Status MatMulRun(const RunContext& ctx);

Status MatMulIntegerPrepare(PrepareContext& ctx);
Status MatMulIntegerRun(const RunContext& ctx);

Status MaxPrepare(PrepareContext& ctx);
Status MaxRun(const RunContext& ctx);

Status MaxPoolPrepare(PrepareContext& ctx);
Status MaxPoolRun(const RunContext& ctx);

Status MaxRoiPoolPrepare(PrepareContext& ctx);
Status MaxRoiPoolRun(const RunContext& ctx);

Status MaxUnpoolPrepare(PrepareContext& ctx);
Status MaxUnpoolRun(const RunContext& ctx);

Status MeanPrepare(PrepareContext& ctx);
Status MeanRun(const RunContext& ctx);

Status MeanVarianceNormalizationPrepare(PrepareContext& ctx);
Status MeanVarianceNormalizationRun(const RunContext& ctx);

Status MelWeightMatrixPrepare(PrepareContext& ctx);
Status MelWeightMatrixRun(const RunContext& ctx);

Status MinPrepare(PrepareContext& ctx);
Status MinRun(const RunContext& ctx);

Status MishPrepare(PrepareContext& ctx);
Status MishRun(const RunContext& ctx);

Status ModPrepare(PrepareContext& ctx);
Status ModRun(const RunContext& ctx);

Status MulPrepare(PrepareContext& ctx);
Status MulRun(const RunContext& ctx);

Status MultinomialPrepare(PrepareContext& ctx);
Status MultinomialRun(const RunContext& ctx);

Status NegPrepare(PrepareContext& ctx);
Status NegRun(const RunContext& ctx);

Status NegativeLogLikelihoodLossPrepare(PrepareContext& ctx);
Status NegativeLogLikelihoodLossRun(const RunContext& ctx);

Status NonMaxSuppressionPrepare(PrepareContext& ctx);
Status NonMaxSuppressionRun(const RunContext& ctx);

Status NonZeroPrepare(PrepareContext& ctx);
Status NonZeroRun(const RunContext& ctx);

Status NotPrepare(PrepareContext& ctx);
Status NotRun(const RunContext& ctx);

Status OneHotPrepare(PrepareContext& ctx);
Status OneHotRun(const RunContext& ctx);

Status OrPrepare(PrepareContext& ctx);
Status OrRun(const RunContext& ctx);

Status PadPrepare(PrepareContext& ctx);
Status PadRun(const RunContext& ctx);

Status PowPrepare(PrepareContext& ctx);
Status PowRun(const RunContext& ctx);

Status PReluPrepare(PrepareContext& ctx);
Status PReluRun(const RunContext& ctx);

Status QLinearConvPrepare(PrepareContext& ctx);
Status QLinearConvRun(const RunContext& ctx);

Status QLinearMatMulPrepare(PrepareContext& ctx);
Status QLinearMatMulRun(const RunContext& ctx);

Status QuantizeLinearPrepare(PrepareContext& ctx);
Status QuantizeLinearRun(const RunContext& ctx);

Status RandomNormalPrepare(PrepareContext& ctx);
Status RandomNormalRun(const RunContext& ctx);

Status RandomNormalLikePrepare(PrepareContext& ctx);
Status RandomNormalLikeRun(const RunContext& ctx);

Status RandomUniformPrepare(PrepareContext& ctx);
Status RandomUniformRun(const RunContext& ctx);

Status RandomUniformLikePrepare(PrepareContext& ctx);
Status RandomUniformLikeRun(const RunContext& ctx);

Status RangePrepare(PrepareContext& ctx);
Status RangeRun(const RunContext& ctx);

Status ReciprocalPrepare(PrepareContext& ctx);
Status ReciprocalRun(const RunContext& ctx);

Status ReduceL1Prepare(PrepareContext& ctx);
Status ReduceL1Run(const RunContext& ctx);

Status ReduceL2Prepare(PrepareContext& ctx);
Status ReduceL2Run(const RunContext& ctx);

Status ReduceLogSumPrepare(PrepareContext& ctx);
Status ReduceLogSumRun(const RunContext& ctx);

Status ReduceLogSumExpPrepare(PrepareContext& ctx);
Status ReduceLogSumExpRun(const RunContext& ctx);

Status ReduceMaxPrepare(PrepareContext& ctx);
Status ReduceMaxRun(const RunContext& ctx);

Status ReduceMeanPrepare(PrepareContext& ctx);
Status ReduceMeanRun(const RunContext& ctx);

Status ReduceMinPrepare(PrepareContext& ctx);
Status ReduceMinRun(const RunContext& ctx);

Status ReduceProdPrepare(PrepareContext& ctx);
Status ReduceProdRun(const RunContext& ctx);

Status ReduceSumPrepare(PrepareContext& ctx);
Status ReduceSumRun(const RunContext& ctx);

Status ReduceSumSquarePrepare(PrepareContext& ctx);
Status ReduceSumSquareRun(const RunContext& ctx);

Status ReluPrepare(PrepareContext& ctx);
Status ReluRun(const RunContext& ctx);

Status ReshapePrepare(PrepareContext& ctx);
Status ReshapeRun(const RunContext& ctx);

Status ResizePrepare(PrepareContext& ctx);
Status ResizeRun(const RunContext& ctx);

Status ReverseSequencePrepare(PrepareContext& ctx);
Status ReverseSequenceRun(const RunContext& ctx);

Status RMSNormalizationPrepare(PrepareContext& ctx);
Status RMSNormalizationRun(const RunContext& ctx);

Status RNNPrepare(PrepareContext& ctx);
Status RNNRun(const RunContext& ctx);

Status RoiAlignPrepare(PrepareContext& ctx);
Status RoiAlignRun(const RunContext& ctx);

Status RotaryEmbeddingPrepare(PrepareContext& ctx);
Status RotaryEmbeddingRun(const RunContext& ctx);

Status RoundPrepare(PrepareContext& ctx);
Status RoundRun(const RunContext& ctx);

Status ScatterElementsPrepare(PrepareContext& ctx);
Status ScatterElementsRun(const RunContext& ctx);

Status ScatterNDPrepare(PrepareContext& ctx);
Status ScatterNDRun(const RunContext& ctx);

Status SeluPrepare(PrepareContext& ctx);
Status SeluRun(const RunContext& ctx);

Status ShapePrepare(PrepareContext& ctx);
Status ShapeRun(const RunContext& ctx);

Status ShrinkPrepare(PrepareContext& ctx);
Status ShrinkRun(const RunContext& ctx);

Status SigmoidPrepare(PrepareContext& ctx);
Status SigmoidRun(const RunContext& ctx);

Status SignPrepare(PrepareContext& ctx);
Status SignRun(const RunContext& ctx);

Status SinPrepare(PrepareContext& ctx);
Status SinRun(const RunContext& ctx);

Status SinhPrepare(PrepareContext& ctx);
Status SinhRun(const RunContext& ctx);

Status SizePrepare(PrepareContext& ctx);
Status SizeRun(const RunContext& ctx);

Status SlicePrepare(PrepareContext& ctx);
Status SliceRun(const RunContext& ctx);

Status SoftmaxPrepare(PrepareContext& ctx);
Status SoftmaxRun(const RunContext& ctx);

Status SoftmaxCrossEntropyLossPrepare(PrepareContext& ctx);
Status SoftmaxCrossEntropyLossRun(const RunContext& ctx);

Status SoftplusPrepare(PrepareContext& ctx);
Status SoftplusRun(const RunContext& ctx);

Status SoftsignPrepare(PrepareContext& ctx);
Status SoftsignRun(const RunContext& ctx);

Status SpaceToDepthPrepare(PrepareContext& ctx);
Status SpaceToDepthRun(const RunContext& ctx);

Status SplitPrepare(PrepareContext& ctx);
Status SplitRun(const RunContext& ctx);

Status SqrtPrepare(PrepareContext& ctx);
Status SqrtRun(const RunContext& ctx);

Status SqueezePrepare(PrepareContext& ctx);
Status SqueezeRun(const RunContext& ctx);

Status StftPrepare(PrepareContext& ctx);
Status StftRun(const RunContext& ctx);

Status SubPrepare(PrepareContext& ctx);
Status SubRun(const RunContext& ctx);

Status SumPrepare(PrepareContext& ctx);
Status SumRun(const RunContext& ctx);

Status SwiGLUPrepare(PrepareContext& ctx);
Status SwiGLURun(const RunContext& ctx);

Status SwishPrepare(PrepareContext& ctx);
Status SwishRun(const RunContext& ctx);

Status TanPrepare(PrepareContext& ctx);
Status TanRun(const RunContext& ctx);

Status TanhPrepare(PrepareContext& ctx);
Status TanhRun(const RunContext& ctx);

Status TensorScatterPrepare(PrepareContext& ctx);
Status TensorScatterRun(const RunContext& ctx);

Status TfIdfVectorizerPrepare(PrepareContext& ctx);
Status TfIdfVectorizerRun(const RunContext& ctx);

Status ThresholdedReluPrepare(PrepareContext& ctx);
Status ThresholdedReluRun(const RunContext& ctx);

Status TilePrepare(PrepareContext& ctx);
Status TileRun(const RunContext& ctx);

Status TopKPrepare(PrepareContext& ctx);
Status TopKRun(const RunContext& ctx);

Status TransposePrepare(PrepareContext& ctx);
Status TransposeRun(const RunContext& ctx);

Status TriluPrepare(PrepareContext& ctx);
Status TriluRun(const RunContext& ctx);

Status UniquePrepare(PrepareContext& ctx);
Status UniqueRun(const RunContext& ctx);

Status UnsqueezePrepare(PrepareContext& ctx);
Status UnsqueezeRun(const RunContext& ctx);

Status UpsamplePrepare(PrepareContext& ctx);
Status UpsampleRun(const RunContext& ctx);

Status WherePrepare(PrepareContext& ctx);
Status WhereRun(const RunContext& ctx);

Status XorPrepare(PrepareContext& ctx);
Status XorRun(const RunContext& ctx);

// Sequences and optionals (values of kSequence / kOptionalNone, see runtime/core/value.h).
Status ConcatFromSequencePrepare(PrepareContext& ctx);
Status ConcatFromSequenceRun(const RunContext& ctx);

Status OptionalPrepare(PrepareContext& ctx);
Status OptionalRun(const RunContext& ctx);

Status OptionalGetElementPrepare(PrepareContext& ctx);
Status OptionalGetElementRun(const RunContext& ctx);

Status OptionalHasElementPrepare(PrepareContext& ctx);
Status OptionalHasElementRun(const RunContext& ctx);

Status SequenceAtPrepare(PrepareContext& ctx);
Status SequenceAtRun(const RunContext& ctx);

Status SequenceConstructPrepare(PrepareContext& ctx);
Status SequenceConstructRun(const RunContext& ctx);

Status SequenceEmptyPrepare(PrepareContext& ctx);
Status SequenceEmptyRun(const RunContext& ctx);

Status SequenceErasePrepare(PrepareContext& ctx);
Status SequenceEraseRun(const RunContext& ctx);

Status SequenceInsertPrepare(PrepareContext& ctx);
Status SequenceInsertRun(const RunContext& ctx);

Status SequenceLengthPrepare(PrepareContext& ctx);
Status SequenceLengthRun(const RunContext& ctx);

Status SplitToSequencePrepare(PrepareContext& ctx);
Status SplitToSequenceRun(const RunContext& ctx);

// String ops (opset 20; StringNormalizer 10).
Status RegexFullMatchPrepare(PrepareContext& ctx);
Status RegexFullMatchRun(const RunContext& ctx);
Status StringConcatPrepare(PrepareContext& ctx);
Status StringConcatRun(const RunContext& ctx);
Status StringNormalizerPrepare(PrepareContext& ctx);
Status StringNormalizerRun(const RunContext& ctx);
Status StringSplitPrepare(PrepareContext& ctx);
Status StringSplitRun(const RunContext& ctx);

// com.ms.internal.nhwc (ONNX Runtime's internal NHWC domain), emitted by the
// converter's layout pass: the ONNX op with channels last (internal/nhwc_util.h).
Status NhwcAveragePoolPrepare(PrepareContext& ctx);
Status NhwcAveragePoolRun(const RunContext& ctx);
Status NhwcConvPrepare(PrepareContext& ctx);
Status NhwcConvRun(const RunContext& ctx);
Status NhwcConvTransposePrepare(PrepareContext& ctx);
Status NhwcConvTransposeRun(const RunContext& ctx);
Status NhwcDepthToSpacePrepare(PrepareContext& ctx);
Status NhwcDepthToSpaceRun(const RunContext& ctx);
Status NhwcFusedConvPrepare(PrepareContext& ctx);
Status NhwcFusedConvRun(const RunContext& ctx);
Status NhwcGlobalAveragePoolPrepare(PrepareContext& ctx);
Status NhwcGlobalAveragePoolRun(const RunContext& ctx);
Status NhwcMaxPoolPrepare(PrepareContext& ctx);
Status NhwcMaxPoolRun(const RunContext& ctx);
Status NhwcResizePrepare(PrepareContext& ctx);
Status NhwcResizeRun(const RunContext& ctx);

}  // namespace onyx::kernels::ref
