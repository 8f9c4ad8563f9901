// RotaryEmbedding (opset 23): rotates pairs of each head's first
// rotary_embedding_dim features (default: all) by the angles whose cosines
// and sines the caches hold: the halves [x1 | x2], or with `interleaved`
// the pairs (x[2i], x[2i+1]), become x1 cos - x2 sin and x1 sin + x2 cos.
// X is [B, heads, S, D] or [B, S, heads * D] (num_heads). With position_ids
// [B, S] the caches are [positions, dim / 2] tables; without, [B, S, dim / 2]
// per token. Products round to X's type as in ONNX's reference.

#include <algorithm>

#include "kernels/ref/internal/attention_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct RotaryParams {
  DType dtype = DType::kUndefined;
  bool rank3 = false, interleaved = false, has_ids = false;
  int64_t batch = 0, heads = 0, seq = 0, head = 0, half = 0, positions = 0;
  int64_t cache_batch_stride = 0;  // Without ids: 0 when the caches broadcast over B.
};

Status CheckCaches(const PrepareContext& ctx, const RotaryParams& p) {
  const ValueInfo& cos = ctx.input(1);
  for (size_t i : {size_t{1}, size_t{2}}) {
    const ValueInfo& c = ctx.input(i);
    if (p.has_ids) {
      RETURN_ERROR_IF(c.dims.size() != 2 || c.dims[1] != p.half, StatusCode::kInvalidArgument,
                      "input '", c.name, "' shape (expected [positions, ", p.half,
                      "] with position_ids, got ", DimsToString(c.dims), ")");
    } else {
      RETURN_ERROR_IF(c.dims.size() != 3 || (c.dims[0] != p.batch && c.dims[0] != 1) ||
                          c.dims[1] != p.seq || c.dims[2] != p.half,
                      StatusCode::kInvalidArgument, "input '", c.name, "' shape (expected [",
                      p.batch, ", ", p.seq, ", ", p.half, "] without position_ids, got ",
                      DimsToString(c.dims), ")");
    }
    RETURN_ERROR_IF(c.dims != cos.dims, StatusCode::kInvalidArgument, "input '", c.name,
                    "' shape (expected ", DimsToString(cos.dims), " like input '", cos.name,
                    "', got ", DimsToString(c.dims), ")");
  }
  if (!p.has_ids) return Status::Ok();
  const ValueInfo& ids = ctx.input(3);
  RETURN_IF_ERROR(ExpectDType(ctx, 3, DTypeBit(DType::kInt64)));
  RETURN_ERROR_IF(ids.dims != Dims({p.batch, p.seq}), StatusCode::kInvalidArgument, "input '",
                  ids.name, "' shape (expected [", p.batch, ", ", p.seq, "], got ",
                  DimsToString(ids.dims), ")");
  return Status::Ok();
}

template <typename T>
Status RunRotary(const RunContext& ctx, const RotaryParams& p) {
  const T* x = ctx.input(0).data_as<const T>();
  const T* cos = ctx.input(1).data_as<const T>();
  const T* sin = ctx.input(2).data_as<const T>();
  const int64_t* ids = p.has_ids ? ctx.input(3).data_as<const int64_t>() : nullptr;
  T* y = ctx.output(0).data_as<T>();
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t s = 0; s < p.seq; ++s) {
      int64_t row = b * p.cache_batch_stride + s * p.half;
      if (ids != nullptr) {
        const int64_t pos = ids[b * p.seq + s];
        RETURN_ERROR_IF(pos < 0 || pos >= p.positions, StatusCode::kInvalidArgument,
                        "input 'position_ids' value out of range (expected [0, ", p.positions - 1,
                        "], got ", pos, ")");
        row = pos * p.half;
      }
      for (int64_t h = 0; h < p.heads; ++h) {
        const int64_t at = p.rank3 ? (b * p.seq + s) * p.heads * p.head + h * p.head
                                   : ((b * p.heads + h) * p.seq + s) * p.head;
        const T* xr = x + at;
        T* yr = y + at;
        std::copy(xr, xr + p.head, yr);
        for (int64_t i = 0; i < p.half; ++i) {
          const int64_t i1 = p.interleaved ? 2 * i : i, i2 = p.interleaved ? 2 * i + 1 : i + p.half;
          const double c = cos[row + i], sn = sin[row + i];
          const double x1 = xr[i1], x2 = xr[i2];
          yr[i1] = StoreAs<T>(RoundTo<T>(c * x1) - RoundTo<T>(sn * x2));
          yr[i2] = StoreAs<T>(RoundTo<T>(sn * x1) + RoundTo<T>(c * x2));
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status RotaryEmbeddingPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 4));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kFloat32) | kHalfTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 3, 4));
  const ValueInfo& x = ctx.input(0);
  RotaryParams p;
  p.dtype = x.dtype;
  p.rank3 = x.dims.size() == 3;
  ASSIGN_OR_RETURN(p.interleaved, BoolAttr(ctx.attrs(), "interleaved", false));
  ASSIGN_OR_RETURN(int64_t num_heads, IntAttr(ctx.attrs(), "num_heads", 0));
  ASSIGN_OR_RETURN(int64_t dim, IntAttr(ctx.attrs(), "rotary_embedding_dim", 0));
  p.batch = x.dims[0];
  if (p.rank3) {
    RETURN_ERROR_IF(num_heads <= 0, StatusCode::kInvalidModel,
                    "attribute 'num_heads' is required for 3-D input '", x.name,
                    "' (expected > 0, got ", num_heads, ")");
    RETURN_ERROR_IF(x.dims[2] % num_heads != 0, StatusCode::kInvalidArgument, "input '", x.name,
                    "' hidden size (expected a multiple of num_heads ", num_heads, ", got ",
                    x.dims[2], ")");
    p.seq = x.dims[1];
    p.heads = num_heads;
    p.head = x.dims[2] / num_heads;
  } else {
    p.heads = x.dims[1];
    p.seq = x.dims[2];
    p.head = x.dims[3];
  }
  if (dim == 0) dim = p.head;
  RETURN_ERROR_IF(dim < 0 || dim > p.head || dim % 2 != 0, StatusCode::kInvalidModel,
                  "attribute 'rotary_embedding_dim' (expected an even number in [2, ", p.head,
                  "], got ", dim, ")");
  p.half = dim / 2;
  p.has_ids = ctx.has_input(3);
  RETURN_IF_ERROR(CheckCaches(ctx, p));
  p.positions = ctx.input(1).dims[0];
  p.cache_batch_stride = !p.has_ids && ctx.input(1).dims[0] == p.batch ? p.seq * p.half : 0;
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<RotaryParams>(p);
  return Status::Ok();
}

Status RotaryEmbeddingRun(const RunContext& ctx) {
  const auto& p = ctx.state<RotaryParams>();
  return DispatchFloatOrHalf(p.dtype, [&](auto tag) { return RunRotary<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
