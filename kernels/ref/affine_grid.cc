// AffineGrid (opset 20): the sampling grid of PyTorch's affine_grid. For
// size = [N, C, H, W] and theta [N, 2, 3], grid [N, H, W, 2] holds
// theta[n] * [x, y, 1] at every pixel; for size = [N, C, D, H, W] and theta
// [N, 3, 4], grid [N, D, H, W, 3] holds theta[n] * [x, y, z, 1]. x runs
// along W, y along H, z along D, each over [-1, 1]: pixel i of s is at
// -1 + 2i / (s - 1) with align_corners, at -1 + (2i + 1) / s without; a
// dim of size 1 sits at 0. size decides the shape, so Prepare needs its
// value. Computed in double, as ONNX's reference does.

#include <utility>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct AffineGridParams {
  Dims spatial;  // [H, W] or [D, H, W].
  int64_t batch = 0;
  bool align_corners = false;
};

// Position of pixel i of s along one dim.
double Position(int64_t i, int64_t s, bool align_corners) {
  if (s <= 1) return 0.0;
  const double di = static_cast<double>(i), ds = static_cast<double>(s);
  return align_corners ? -1.0 + 2.0 * di / (ds - 1.0) : -1.0 + (2.0 * di + 1.0) / ds;
}

template <typename T>
Status RunAffineGrid(const RunContext& ctx, const AffineGridParams& p) {
  const T* theta = ctx.input(0).data_as<const T>();
  T* grid = ctx.output(0).data_as<T>();
  const size_t r = p.spatial.size();  // 2 or 3 components per point.
  const int64_t d = r == 3 ? p.spatial[0] : 1, h = p.spatial[r - 2], w = p.spatial[r - 1];
  for (int64_t n = 0; n < p.batch; ++n) {
    const T* t = theta + n * static_cast<int64_t>(r * (r + 1));
    for (int64_t k = 0; k < d; ++k) {
      for (int64_t i = 0; i < h; ++i) {
        for (int64_t j = 0; j < w; ++j) {
          // Homogeneous [x, y, (z,) 1].
          const double v[4] = {Position(j, w, p.align_corners), Position(i, h, p.align_corners),
                               r == 3 ? Position(k, d, p.align_corners) : 1.0, 1.0};
          for (size_t row = 0; row < r; ++row) {
            double s = 0;
            for (size_t col = 0; col <= r; ++col) {
              s += static_cast<double>(t[row * (r + 1) + col]) * v[col];
            }
            *grid++ = static_cast<T>(s);
          }
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status AffineGridPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes | kHalfTypes));
  ASSIGN_OR_RETURN(Dims size, KnownInt64Input(ctx, 1, "size"));
  RETURN_ERROR_IF(size.size() != 4 && size.size() != 5, StatusCode::kInvalidArgument,
                  "size input '", ctx.input(1).name,
                  "' length (expected 4 for [N, C, H, W] or 5 for [N, C, D, H, W], got ",
                  size.size(), ")");
  for (int64_t s : size) {
    RETURN_ERROR_IF(s < 0, StatusCode::kInvalidArgument, "size input '", ctx.input(1).name,
                    "' values (expected >= 0, got ", IntsToString(size), ")");
  }
  const int64_t r = static_cast<int64_t>(size.size()) - 2;
  const ValueInfo& theta = ctx.input(0);
  RETURN_ERROR_IF(theta.dims != Dims({size[0], r, r + 1}), StatusCode::kInvalidArgument, "input '",
                  theta.name, "' shape (expected ", DimsToString({size[0], r, r + 1}), " for size ",
                  IntsToString(size), ", got ", DimsToString(theta.dims), ")");
  AffineGridParams p;
  ASSIGN_OR_RETURN(p.align_corners, BoolAttr(ctx.attrs(), "align_corners", false));
  p.batch = size[0];
  p.spatial.assign(size.begin() + 2, size.end());
  Dims out{size[0]};
  out.insert(out.end(), p.spatial.begin(), p.spatial.end());
  out.push_back(r);
  RETURN_IF_ERROR(CheckedNumElements(out).status());
  ctx.SetOutput(0, theta.dtype, std::move(out));
  ctx.EmplaceState<AffineGridParams>(std::move(p));
  return Status::Ok();
}

Status AffineGridRun(const RunContext& ctx) {
  const auto& p = ctx.state<AffineGridParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype,
                             [&](auto tag) { return RunAffineGrid<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
