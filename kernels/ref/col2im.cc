// Col2Im (opset 18): the inverse of im2col, PyTorch's fold. input
// [N, C * prod(block_shape), L] holds, for every block position of the
// sliding window over an image of image_shape (L positions in all), the
// block's C * prod(block_shape) values; each is added into image
// [N, C, image_shape...] at block_position * stride - pad_begin +
// tap * dilation when that lies inside. image_shape and block_shape decide
// the output shape, so Prepare needs their values.
//
// Numeric types sum in their own type; float16 and bfloat16
// sum in a float plane in scratch.

#include <type_traits>
#include <utility>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct Col2ImParams {
  ScatterGeometry geom;  // `in` is the grid of block positions.
  int64_t planes = 0;    // N * C.
};

// Block positions along each image dim; kInvalidArgument unless L matches.
Status ResolveBlocks(const PrepareContext& ctx, const Dims& image, const Dims& block,
                     Col2ImParams& p) {
  const size_t n = image.size();
  const Attributes& attrs = ctx.attrs();
  ASSIGN_OR_RETURN(Dims strides, ReadSpatialInts(attrs, "strides", n, 1, 1));
  ASSIGN_OR_RETURN(Dims dilations, ReadSpatialInts(attrs, "dilations", n, 1, 1));
  ASSIGN_OR_RETURN(Dims pads, ReadSpatialInts(attrs, "pads", 2 * n, 0, 0));
  ScatterGeometry& g = p.geom;
  g.out = image;
  g.kernel = block;
  g.strides = strides;
  g.dilations = dilations;
  g.pad_begin.assign(pads.begin(), pads.begin() + n);
  g.in.assign(n, 0);
  for (size_t d = 0; d < n; ++d) {
    const int64_t span = image[d] + pads[d] + pads[n + d] - (block[d] - 1) * dilations[d] - 1;
    RETURN_ERROR_IF(span < 0, StatusCode::kInvalidArgument, "image_shape input '",
                    ctx.input(1).name, "' dim ", d,
                    " plus pads (expected >= ", (block[d] - 1) * dilations[d] + 1,
                    ", the dilated block, got ", image[d] + pads[d] + pads[n + d], ")");
    g.in[d] = span / strides[d] + 1;
  }
  g.Finish();
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims[2] != g.in_size, StatusCode::kInvalidArgument, "input '", x.name,
                  "' dim 2, the number of blocks (expected ", g.in_size, " = product of ",
                  DimsToString(g.in), ", got ", x.dims[2], ")");
  RETURN_ERROR_IF(x.dims[1] % g.kernel_size != 0, StatusCode::kInvalidArgument, "input '", x.name,
                  "' dim 1 (expected a multiple of the block size ", g.kernel_size, ", got ",
                  x.dims[1], ")");
  return Status::Ok();
}

Result<Dims> PositiveShape(const PrepareContext& ctx, size_t i, const char* role) {
  ASSIGN_OR_RETURN(Dims v, KnownInt64Input(ctx, i, role));
  RETURN_ERROR_IF(v.empty(), StatusCode::kInvalidArgument, role, " input '", ctx.input(i).name,
                  "' (expected at least one dim, got none)");
  for (int64_t d : v) {
    RETURN_ERROR_IF(d < 1, StatusCode::kInvalidArgument, role, " input '", ctx.input(i).name,
                    "' values (expected >= 1, got ", IntsToString(v), ")");
  }
  return v;
}

template <typename T>
Status RunCol2Im(const RunContext& ctx, const Col2ImParams& p) {
  using Acc = ComputeType<T>;
  const ScatterGeometry& g = p.geom;
  const T* x = ctx.input(0).data_as<const T>();
  T* y = ctx.output(0).data_as<T>();
  Acc* plane = std::is_same_v<T, Acc> ? nullptr : static_cast<Acc*>(ctx.scratch);
  for (int64_t c = 0; c < p.planes; ++c) {
    const T* xc = x + c * g.kernel_size * g.in_size;
    T* yc = y + c * g.out_size;
    Acc* acc = plane ? plane : reinterpret_cast<Acc*>(yc);
    for (int64_t o = 0; o < g.out_size; ++o) acc[o] = Acc(0);
    ForEachScatter(g, [&](int64_t i, int64_t k, int64_t o) {
      acc[o] += static_cast<Acc>(xc[k * g.in_size + i]);
    });
    if (plane) {
      for (int64_t o = 0; o < g.out_size; ++o) yc[o] = static_cast<T>(acc[o]);
    }
  }
  return Status::Ok();
}

}  // namespace

Status Col2ImPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNumericTypes | kHalfTypes));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() != 3, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected 3: [N, C * prod(block_shape), L], got ", DimsToString(x.dims),
                  ")");
  ASSIGN_OR_RETURN(Dims image, PositiveShape(ctx, 1, "image_shape"));
  ASSIGN_OR_RETURN(Dims block, PositiveShape(ctx, 2, "block_shape"));
  RETURN_ERROR_IF(block.size() != image.size(), StatusCode::kInvalidArgument, "block_shape input '",
                  ctx.input(2).name, "' length (expected ", image.size(), " like image_shape, got ",
                  block.size(), ")");
  Col2ImParams p;
  RETURN_IF_ERROR(ResolveBlocks(ctx, image, block, p));
  const int64_t channels = x.dims[1] / p.geom.kernel_size;
  p.planes = x.dims[0] * channels;
  Dims out{x.dims[0], channels};
  out.insert(out.end(), image.begin(), image.end());
  RETURN_IF_ERROR(CheckedNumElements(out).status());
  if (x.dtype == DType::kFloat16 || x.dtype == DType::kBFloat16) {
    ctx.RequestScratch(static_cast<size_t>(p.geom.out_size) * sizeof(float));
  }
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<Col2ImParams>(std::move(p));
  return Status::Ok();
}

Status Col2ImRun(const RunContext& ctx) {
  const auto& p = ctx.state<Col2ImParams>();
  return DispatchNumericOrHalf(ctx.input(0).dtype,
                               [&](auto tag) { return RunCol2Im<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
