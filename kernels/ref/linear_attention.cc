// LinearAttention (opset 27): a recurrent state S [B, kv_heads, d_k, d_v]
// per key/value head, updated token by token, read by every query head of its
// group (GQA): update_rule 'linear' S += k v^T; 'gated' S = exp(g) S + k v^T;
// 'delta' S += k (beta (v - S^T k))^T; 'gated_delta' (the default) both, the
// decay first. The output is scale * q^T S (scale 0: 1/sqrt(d_k)). Q, K, V,
// decay ([B, T, kv_heads * d_k] or [B, T, kv_heads]) and beta ([B, T,
// kv_heads] or [B, T, 1]) are 3-D packed. The state is kept in double and
// rounded once to its type (past_state's, else query's) for present_state.

#include <cmath>
#include <string>

#include "kernels/ref/internal/attention_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/quant_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum Input { kQuery, kKey, kValue, kPast, kDecay, kBeta };

struct LinearAttentionParams {
  DType dtype = DType::kUndefined, state_dtype = DType::kUndefined;
  int64_t batch = 0, seq = 0, q_heads = 0, kv_heads = 0, dk = 0, dv = 0;
  bool gated = false, delta = false, has_past = false, out_state = false;
  bool decay_per_key = false;
  int64_t beta_width = 0;  // kv_heads or 1.
  double scale = 1;
};

Status ReadRule(const PrepareContext& ctx, LinearAttentionParams& p) {
  ASSIGN_OR_RETURN(std::string rule, StringAttr(ctx.attrs(), "update_rule", "gated_delta"));
  RETURN_ERROR_IF(rule != "linear" && rule != "gated" && rule != "delta" && rule != "gated_delta",
                  StatusCode::kInvalidModel,
                  "attribute 'update_rule' (expected 'linear', 'gated', 'delta' or "
                  "'gated_delta', got '", rule, "')");
  p.gated = rule == "gated" || rule == "gated_delta";
  p.delta = rule == "delta" || rule == "gated_delta";
  RETURN_ERROR_IF(p.gated != ctx.has_input(kDecay), StatusCode::kInvalidModel, "update_rule '",
                  rule, "' input 'decay' (expected ", p.gated ? "present" : "absent", ", got ",
                  ctx.has_input(kDecay) ? "present" : "absent", ")");
  RETURN_ERROR_IF(p.delta != ctx.has_input(kBeta), StatusCode::kInvalidModel, "update_rule '",
                  rule, "' input 'beta' (expected ", p.delta ? "present" : "absent", ", got ",
                  ctx.has_input(kBeta) ? "present" : "absent", ")");
  return Status::Ok();
}

Status ReadHeads(const PrepareContext& ctx, LinearAttentionParams& p) {
  ASSIGN_OR_RETURN(p.q_heads, IntAttr(ctx.attrs(), "q_num_heads", 0));
  ASSIGN_OR_RETURN(p.kv_heads, IntAttr(ctx.attrs(), "kv_num_heads", 0));
  RETURN_ERROR_IF(p.q_heads <= 0 || p.kv_heads <= 0 || p.q_heads % p.kv_heads != 0,
                  StatusCode::kInvalidModel,
                  "attributes 'q_num_heads' and 'kv_num_heads' (expected positive, q a multiple "
                  "of kv, got ", p.q_heads, " and ", p.kv_heads, ")");
  const ValueInfo& q = ctx.input(kQuery);
  p.batch = q.dims[0];
  p.seq = q.dims[1];
  RETURN_ERROR_IF(q.dims[2] % p.q_heads != 0, StatusCode::kInvalidArgument, "input '", q.name,
                  "' last dim (expected a multiple of q_num_heads ", p.q_heads, ", got ",
                  q.dims[2], ")");
  p.dk = q.dims[2] / p.q_heads;
  const ValueInfo& v = ctx.input(kValue);
  RETURN_ERROR_IF(v.dims[2] % p.kv_heads != 0, StatusCode::kInvalidArgument, "input '", v.name,
                  "' last dim (expected a multiple of kv_num_heads ", p.kv_heads, ", got ",
                  v.dims[2], ")");
  p.dv = v.dims[2] / p.kv_heads;
  for (Input i : {kKey, kValue}) {
    const ValueInfo& t = ctx.input(i);
    const int64_t last = i == kKey ? p.kv_heads * p.dk : t.dims[2];
    const Dims want{p.batch, p.seq, last};
    RETURN_ERROR_IF(t.dims != want, StatusCode::kInvalidArgument, "input '", t.name,
                    "' shape (expected ", DimsToString(want), ", got ", DimsToString(t.dims), ")");
  }
  return Status::Ok();
}

Status ReadGates(const PrepareContext& ctx, LinearAttentionParams& p) {
  if (p.gated) {
    const ValueInfo& d = ctx.input(kDecay);
    RETURN_IF_ERROR(ExpectSameDType(ctx, kDecay, kQuery));
    const bool per_head = d.dims == Dims({p.batch, p.seq, p.kv_heads});
    p.decay_per_key = d.dims == Dims({p.batch, p.seq, p.kv_heads * p.dk});
    RETURN_ERROR_IF(!per_head && !p.decay_per_key, StatusCode::kInvalidArgument, "input '",
                    d.name, "' shape (expected [", p.batch, ", ", p.seq, ", ", p.kv_heads,
                    " or ", p.kv_heads * p.dk, "], got ", DimsToString(d.dims), ")");
  }
  if (p.delta) {
    const ValueInfo& b = ctx.input(kBeta);
    RETURN_IF_ERROR(ExpectSameDType(ctx, kBeta, kQuery));
    RETURN_ERROR_IF(b.dims.size() != 3 || b.dims[0] != p.batch || b.dims[1] != p.seq ||
                        (b.dims[2] != p.kv_heads && b.dims[2] != 1),
                    StatusCode::kInvalidArgument, "input '", b.name, "' shape (expected [",
                    p.batch, ", ", p.seq, ", ", p.kv_heads, " or 1], got ", DimsToString(b.dims),
                    ")");
    p.beta_width = b.dims[2];
  }
  return Status::Ok();
}

template <typename T>
Status RunLinearAttention(const RunContext& ctx, const LinearAttentionParams& p) {
  const T* q = ctx.input(kQuery).data_as<const T>();
  const T* k = ctx.input(kKey).data_as<const T>();
  const T* v = ctx.input(kValue).data_as<const T>();
  const T* decay = p.gated ? ctx.input(kDecay).data_as<const T>() : nullptr;
  const T* beta = p.delta ? ctx.input(kBeta).data_as<const T>() : nullptr;
  T* out = ctx.output(0).data_as<T>();
  double* state = static_cast<double*>(ctx.scratch);
  double* vt = state + p.batch * p.kv_heads * p.dk * p.dv;
  const int64_t group = p.q_heads / p.kv_heads, sdim = p.dk * p.dv;
  for (int64_t i = 0; i < p.batch * p.kv_heads * sdim; ++i) {
    state[i] = p.has_past ? LoadAsDouble(p.state_dtype, ctx.input(kPast).data, i) : 0.0;
  }
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t t = 0; t < p.seq; ++t) {
      const int64_t bt = b * p.seq + t;
      for (int64_t h = 0; h < p.kv_heads; ++h) {
        double* s = state + (b * p.kv_heads + h) * sdim;
        const T* kt = k + (bt * p.kv_heads + h) * p.dk;
        const T* vr = v + (bt * p.kv_heads + h) * p.dv;
        for (int64_t d = 0; d < p.dk && decay != nullptr; ++d) {
          const double g = p.decay_per_key ? decay[(bt * p.kv_heads + h) * p.dk + d]
                                           : decay[bt * p.kv_heads + h];
          const double e = std::exp(g);
          for (int64_t m = 0; m < p.dv; ++m) s[d * p.dv + m] *= e;
        }
        for (int64_t m = 0; m < p.dv; ++m) {
          vt[m] = vr[m];
          if (beta == nullptr) continue;
          double retrieved = 0;
          for (int64_t d = 0; d < p.dk; ++d) retrieved += s[d * p.dv + m] * static_cast<double>(kt[d]);
          vt[m] = static_cast<double>(beta[bt * p.beta_width + (p.beta_width == 1 ? 0 : h)]) *
                  (vt[m] - retrieved);
        }
        for (int64_t d = 0; d < p.dk; ++d) {
          for (int64_t m = 0; m < p.dv; ++m) s[d * p.dv + m] += static_cast<double>(kt[d]) * vt[m];
        }
        for (int64_t hq = h * group; hq < (h + 1) * group; ++hq) {
          const T* qt = q + (bt * p.q_heads + hq) * p.dk;
          T* o = out + (bt * p.q_heads + hq) * p.dv;
          for (int64_t m = 0; m < p.dv; ++m) {
            double acc = 0;
            for (int64_t d = 0; d < p.dk; ++d) acc += static_cast<double>(qt[d]) * s[d * p.dv + m];
            o[m] = StoreAs<T>(RoundTo<float>(p.scale * acc));
          }
        }
      }
    }
  }
  if (p.out_state) {
    for (int64_t i = 0; i < p.batch * p.kv_heads * sdim; ++i) {
      StoreFloat(p.state_dtype, ctx.output(1).data, i, RoundTo<float>(state[i]));
    }
  }
  return Status::Ok();
}

}  // namespace

Status LinearAttentionPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 6));
  const uint64_t types = DTypeBit(DType::kFloat32) | kHalfTypes;
  RETURN_IF_ERROR(ExpectDType(ctx, kQuery, types));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kKey, kQuery));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kValue, kQuery));
  for (Input i : {kQuery, kKey, kValue}) RETURN_IF_ERROR(ctx.ExpectRank(i, 3, 3));
  LinearAttentionParams p;
  p.dtype = ctx.input(kQuery).dtype;
  RETURN_IF_ERROR(ReadRule(ctx, p));
  RETURN_IF_ERROR(ReadHeads(ctx, p));
  RETURN_IF_ERROR(ReadGates(ctx, p));
  ASSIGN_OR_RETURN(int64_t chunk, IntAttr(ctx.attrs(), "chunk_size", 0));
  RETURN_ERROR_IF(chunk < 0, StatusCode::kInvalidModel,
                  "attribute 'chunk_size' (expected >= 0, got ", chunk, ")");
  ASSIGN_OR_RETURN(float scale, FloatAttr(ctx.attrs(), "scale", 0.0f));
  p.scale = scale != 0 ? static_cast<double>(scale) : 1.0 / std::sqrt(static_cast<double>(p.dk));
  const Dims state_dims{p.batch, p.kv_heads, p.dk, p.dv};
  p.has_past = ctx.has_input(kPast);
  p.state_dtype = p.dtype;
  if (p.has_past) {
    const ValueInfo& s = ctx.input(kPast);
    RETURN_IF_ERROR(ExpectDType(ctx, kPast, types));
    RETURN_ERROR_IF(s.dims != state_dims, StatusCode::kInvalidArgument, "input '", s.name,
                    "' shape (expected ", DimsToString(state_dims), ", got ",
                    DimsToString(s.dims), ")");
    p.state_dtype = s.dtype;
  }
  p.out_state = ctx.has_output(1);
  ctx.SetOutput(0, p.dtype, Dims{p.batch, p.seq, p.q_heads * p.dv});
  if (p.out_state) ctx.SetOutput(1, p.state_dtype, state_dims);
  ASSIGN_OR_RETURN(int64_t count, CheckedNumElements({p.batch * p.kv_heads, p.dk, p.dv}));
  ctx.RequestScratch(static_cast<size_t>(count + p.dv) * sizeof(double));
  ctx.EmplaceState<LinearAttentionParams>(p);
  return Status::Ok();
}

Status LinearAttentionRun(const RunContext& ctx) {
  const auto& p = ctx.state<LinearAttentionParams>();
  return DispatchFloatOrHalf(p.dtype, [&](auto tag) {
    return RunLinearAttention<decltype(tag)>(ctx, p);
  });
}

}  // namespace onyx::kernels::ref
