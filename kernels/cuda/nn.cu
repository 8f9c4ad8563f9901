// Row reductions (Softmax, LayerNormalization, mean), Transpose, and the
// convolution and pooling kernels, NCHW.

#include <float.h>

#include "kernels/cuda/act.cuh"
#include "kernels/cuda/launch.h"

namespace onyx::kernels::cuda {
namespace {

// Sum (or max) of `v` over the block; every thread gets the result.
// blockDim.x is a multiple of 32, at most 1024.
template <bool kMax>
__device__ float BlockReduce(float v) {
  __shared__ float partial[32];
  for (int offset = 16; offset > 0; offset /= 2) {
    const float other = __shfl_xor_sync(0xffffffff, v, offset);
    v = kMax ? fmaxf(v, other) : v + other;
  }
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  __syncthreads();  // partial may still be read by a previous reduction.
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  const int warps = blockDim.x / 32;
  v = lane < warps ? partial[lane] : (kMax ? -FLT_MAX : 0.0f);
  for (int offset = 16; offset > 0; offset /= 2) {
    const float other = __shfl_xor_sync(0xffffffff, v, offset);
    v = kMax ? fmaxf(v, other) : v + other;
  }
  return v;
}

// One block per row.
__global__ void SoftmaxKernel(const float* x, float* y, int64_t cols, bool log) {
  const float* in = x + blockIdx.x * cols;
  float* out = y + blockIdx.x * cols;
  float m = -INFINITY;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, in[c]);
  m = BlockReduce<true>(m);
  float sum = 0.0f;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) sum += expf(in[c] - m);
  sum = BlockReduce<false>(sum);
  if (log) {
    const float log_sum = logf(sum);
    for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) out[c] = in[c] - m - log_sum;
  } else {
    const float inv = 1.0f / sum;
    for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) out[c] = expf(in[c] - m) * inv;
  }
}

__global__ void LayerNormKernel(const float* x, const float* scale, const float* bias, float* y, int64_t cols,
                                float epsilon) {
  const float* in = x + blockIdx.x * cols;
  float* out = y + blockIdx.x * cols;
  float sum = 0.0f;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) sum += in[c];
  const float mean = BlockReduce<false>(sum) / static_cast<float>(cols);
  float sq = 0.0f;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
    const float d = in[c] - mean;
    sq += d * d;
  }
  const float inv_std = rsqrtf(BlockReduce<false>(sq) / static_cast<float>(cols) + epsilon);
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
    const float v = (in[c] - mean) * inv_std * scale[c];
    out[c] = bias != nullptr ? v + bias[c] : v;
  }
}

__global__ void RowMeanKernel(const float* x, float* y, int64_t cols) {
  const float* in = x + blockIdx.x * cols;
  float sum = 0.0f;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) sum += in[c];
  sum = BlockReduce<false>(sum);
  if (threadIdx.x == 0) y[blockIdx.x] = sum / static_cast<float>(cols);
}

__global__ void TransposeKernel(const float* x, float* y, int64_t n, TransposeIndex index) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    int64_t rest = i, src = 0;
    for (int d = index.rank - 1; d >= 0; --d) {
      src += (rest % index.out_dims[d]) * index.in_strides[d];
      rest /= index.out_dims[d];
    }
    y[i] = x[src];
  }
}

__global__ void Im2ColKernel(const float* image, float* col, ConvGeometry g, int64_t channels) {
  const int64_t spatial = g.out_h * g.out_w;
  const int64_t n = channels * g.kernel_h * g.kernel_w * spatial;
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    const int64_t ox = i % g.out_w;
    const int64_t oy = (i / g.out_w) % g.out_h;
    const int64_t row = i / spatial;  // (c * kh + ky) * kw + kx
    const int64_t kx = row % g.kernel_w;
    const int64_t ky = (row / g.kernel_w) % g.kernel_h;
    const int64_t c = row / (g.kernel_w * g.kernel_h);
    const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
    const int64_t ix = ox * g.stride_w - g.pad_left + kx * g.dilation_w;
    col[i] = (iy >= 0 && iy < g.in_h && ix >= 0 && ix < g.in_w) ? image[(c * g.in_h + iy) * g.in_w + ix] : 0.0f;
  }
}

__global__ void DepthwiseKernel(const float* x, const float* w, const float* bias, float* y, ConvGeometry g, Act act) {
  const int64_t n = g.batch * g.out_channels * g.out_h * g.out_w;
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    const int64_t ox = i % g.out_w;
    const int64_t oy = (i / g.out_w) % g.out_h;
    const int64_t c = (i / (g.out_w * g.out_h)) % g.out_channels;
    const int64_t b = i / (g.out_w * g.out_h * g.out_channels);
    const float* plane = x + (b * g.in_channels + c) * g.in_h * g.in_w;
    const float* filter = w + c * g.kernel_h * g.kernel_w;
    float sum = bias != nullptr ? bias[c] : 0.0f;
    for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
      const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
      if (iy < 0 || iy >= g.in_h) continue;
      for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
        const int64_t ix = ox * g.stride_w - g.pad_left + kx * g.dilation_w;
        if (ix < 0 || ix >= g.in_w) continue;
        sum += plane[iy * g.in_w + ix] * filter[ky * g.kernel_w + kx];
      }
    }
    y[i] = ApplyAct(sum, act);
  }
}

__global__ void Pool2dKernel(const float* x, float* y, ConvGeometry g, bool max, bool count_pad) {
  const int64_t n = g.batch * g.out_channels * g.out_h * g.out_w;
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    const int64_t ox = i % g.out_w;
    const int64_t oy = (i / g.out_w) % g.out_h;
    const int64_t plane = i / (g.out_w * g.out_h);
    const float* in = x + plane * g.in_h * g.in_w;
    float acc = max ? -INFINITY : 0.0f;
    int64_t count = 0, padded = 0;
    for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
      const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
      for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
        const int64_t ix = ox * g.stride_w - g.pad_left + kx * g.dilation_w;
        // Windows may reach past the end (ceil_mode) without counting as padding.
        if (iy >= g.in_h + g.pad_bottom || ix >= g.in_w + g.pad_right) continue;
        ++padded;
        if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) continue;
        const float v = in[iy * g.in_w + ix];
        acc = max ? (isnan(v) || v > acc ? v : acc) : acc + v;
        ++count;
      }
    }
    if (!max) acc = acc / static_cast<float>(count_pad ? padded : (count > 0 ? count : 1));
    y[i] = acc;
  }
}

__global__ void GatherKernel(const float* x, const void* indices, bool indices_int64, float* y, int64_t n,
                             int64_t count, int64_t inner, int64_t axis_extent) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{blockDim.x} * gridDim.x) {
    const int64_t k = i % inner;
    const int64_t j = (i / inner) % count;
    const int64_t o = i / (inner * count);
    int64_t index = indices_int64 ? static_cast<const int64_t*>(indices)[j]
                                  : static_cast<const int32_t*>(indices)[j];
    if (index < 0) index += axis_extent;
    y[i] = x[(o * axis_extent + index) * inner + k];
  }
}

int RowThreads(int64_t cols) {
  int threads = 32;
  while (threads < 1024 && threads < cols) threads *= 2;
  return threads;
}

}  // namespace

cudaError_t LaunchSoftmax(const float* x, float* y, int64_t rows, int64_t cols, bool log, cudaStream_t stream) {
  if (rows == 0 || cols == 0) return cudaSuccess;
  SoftmaxKernel<<<static_cast<unsigned>(rows), RowThreads(cols), 0, stream>>>(x, y, cols, log);
  return cudaGetLastError();
}

cudaError_t LaunchLayerNorm(const float* x, const float* scale, const float* bias, float* y, int64_t rows,
                            int64_t cols, float epsilon, cudaStream_t stream) {
  if (rows == 0 || cols == 0) return cudaSuccess;
  LayerNormKernel<<<static_cast<unsigned>(rows), RowThreads(cols), 0, stream>>>(x, scale, bias, y, cols, epsilon);
  return cudaGetLastError();
}

cudaError_t LaunchRowMean(const float* x, float* y, int64_t rows, int64_t cols, cudaStream_t stream) {
  if (rows == 0) return cudaSuccess;
  RowMeanKernel<<<static_cast<unsigned>(rows), RowThreads(cols), 0, stream>>>(x, y, cols);
  return cudaGetLastError();
}

cudaError_t LaunchTranspose(const float* x, float* y, int64_t n, const TransposeIndex& index,
                            cudaStream_t stream) {
  if (n == 0) return cudaSuccess;
  TransposeKernel<<<Blocks(n), kThreads, 0, stream>>>(x, y, n, index);
  return cudaGetLastError();
}

cudaError_t LaunchGather(const float* x, const void* indices, bool indices_int64, float* y, int64_t outer,
                         int64_t count, int64_t inner, int64_t axis_extent, cudaStream_t stream) {
  const int64_t n = outer * count * inner;
  if (n == 0) return cudaSuccess;
  GatherKernel<<<Blocks(n), kThreads, 0, stream>>>(x, indices, indices_int64, y, n, count, inner, axis_extent);
  return cudaGetLastError();
}

cudaError_t LaunchIm2Col(const float* image, float* col, const ConvGeometry& g, int64_t group_channels,
                         cudaStream_t stream) {
  const int64_t n = group_channels * g.kernel_h * g.kernel_w * g.out_h * g.out_w;
  if (n == 0) return cudaSuccess;
  Im2ColKernel<<<Blocks(n), kThreads, 0, stream>>>(image, col, g, group_channels);
  return cudaGetLastError();
}

cudaError_t LaunchDepthwiseConv(const float* x, const float* w, const float* bias, float* y, const ConvGeometry& g,
                                Act act, cudaStream_t stream) {
  const int64_t n = g.batch * g.out_channels * g.out_h * g.out_w;
  if (n == 0) return cudaSuccess;
  DepthwiseKernel<<<Blocks(n), kThreads, 0, stream>>>(x, w, bias, y, g, act);
  return cudaGetLastError();
}

cudaError_t LaunchPool2d(const float* x, float* y, const ConvGeometry& g, bool max, bool count_pad,
                         cudaStream_t stream) {
  const int64_t n = g.batch * g.out_channels * g.out_h * g.out_w;
  if (n == 0) return cudaSuccess;
  Pool2dKernel<<<Blocks(n), kThreads, 0, stream>>>(x, y, g, max, count_pad);
  return cudaGetLastError();
}

}  // namespace onyx::kernels::cuda
