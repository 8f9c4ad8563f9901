#pragma once

// The CUDA kernels' launchers, compiled by nvcc (*.cu) and called by the
// host side of each op (*.cc). Every launcher enqueues on `stream` and
// returns cudaGetLastError() of the launch; shapes were checked in Prepare.

#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/cuda/activation.h"

namespace onyx::kernels::cuda {

constexpr int kMaxRank = 8;

// Strides of an input broadcast to the output's rank-`rank` shape: 0 along
// extents the input repeats.
struct BroadcastIndex {
  int rank = 0;
  int64_t out_dims[kMaxRank] = {};
  int64_t a_strides[kMaxRank] = {};
  int64_t b_strides[kMaxRank] = {};
};

enum class BinaryOp : int { kAdd, kSub, kMul, kDiv, kPow, kMax, kMin, kPRelu };

// y[i] = act(x[i]); y may equal x.
cudaError_t LaunchUnary(const float* x, float* y, int64_t n, Act act, cudaStream_t stream);

// y = op(a, b) with broadcasting (`index` maps each output element to its
// inputs), then `act`; y may equal a or b when they have y's shape.
cudaError_t LaunchBinary(BinaryOp op, const float* a, const float* b, float* y, int64_t n,
                         const BroadcastIndex& index, Act act, cudaStream_t stream);

// y[i] = scale * c[broadcast index of i] (index.a_strides are c's): Gemm's C.
cudaError_t LaunchBroadcastScale(const float* c, float* y, int64_t n, const BroadcastIndex& index, float scale,
                                 cudaStream_t stream);

// y[o, c, i] = act(y[o, c, i] + bias[c]) for `outer` x `channels` x `inner`
// (Conv's NCHW bias; Gemm's row bias with inner = 1). bias may be nullptr.
cudaError_t LaunchBiasAct(float* y, const float* bias, int64_t outer, int64_t channels, int64_t inner, Act act,
                          cudaStream_t stream);

// Softmax (log_softmax when `log`) over rows of `cols` contiguous values.
cudaError_t LaunchSoftmax(const float* x, float* y, int64_t rows, int64_t cols, bool log, cudaStream_t stream);

// LayerNormalization over rows of `cols`: y = (x - mean) / sqrt(var + eps) *
// scale + bias (bias may be nullptr); scale and bias have `cols` values.
cudaError_t LaunchLayerNorm(const float* x, const float* scale, const float* bias, float* y, int64_t rows,
                            int64_t cols, float epsilon, cudaStream_t stream);

// y = transpose(x): y's element i reads x at sum(coord_d(i) * in_strides[d]).
struct TransposeIndex {
  int rank = 0;
  int64_t out_dims[kMaxRank] = {};
  int64_t in_strides[kMaxRank] = {};  // x's stride for each output axis.
};
cudaError_t LaunchTranspose(const float* x, float* y, int64_t n, const TransposeIndex& index,
                            cudaStream_t stream);
// Slice reads through the same index: x offset to the first element taken,
// strides scaled by the steps (negative for negative steps).

// Gather along an axis: y[o, j, i] = x[o, indices[j], i] for `outer` x
// `count` x `inner`, indices already checked to lie in [-axis_extent,
// axis_extent) (negative ones count from the end).
cudaError_t LaunchGather(const float* x, const void* indices, bool indices_int64, float* y, int64_t outer,
                         int64_t count, int64_t inner, int64_t axis_extent, cudaStream_t stream);

// 2-D convolution geometry, NCHW (1-D convolutions use h = 1).
struct ConvGeometry {
  int64_t batch = 0, in_channels = 0, in_h = 0, in_w = 0;
  int64_t out_channels = 0, out_h = 0, out_w = 0;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0, dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
};

// Columns of one image and group for a GEMM: col[(c * kh + i) * kw + j][oy * ow + ox].
cudaError_t LaunchIm2Col(const float* image, float* col, const ConvGeometry& g, int64_t group_channels,
                         cudaStream_t stream);

// Depthwise convolution (groups == in_channels == out_channels) with bias and act.
cudaError_t LaunchDepthwiseConv(const float* x, const float* w, const float* bias, float* y, const ConvGeometry& g,
                                Act act, cudaStream_t stream);

// Max or average pooling, NCHW; average counts padding when `count_pad`.
cudaError_t LaunchPool2d(const float* x, float* y, const ConvGeometry& g, bool max, bool count_pad,
                         cudaStream_t stream);

// y[r] = mean of x's row r of `cols` values (GlobalAveragePool, ReduceMean
// over trailing axes).
cudaError_t LaunchRowMean(const float* x, float* y, int64_t rows, int64_t cols, cudaStream_t stream);

}  // namespace onyx::kernels::cuda
