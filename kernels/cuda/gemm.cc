// MatMul, Gemm and FusedGemm through cuBLAS (FP32, no TF32). Row-major
// products are computed as their column-major transposes: C = A B is
// C^T = B^T A^T, which cuBLAS reads from the same bytes.

#include <algorithm>

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct GemmState {
  int64_t m = 0, n = 0, k = 0;
  bool trans_a = false, trans_b = false;
  float alpha = 1.0f, beta = 0.0f;
  // Batched MatMul: `batch` products, each operand advancing by its stride
  // (0: the same matrix for every product).
  int64_t batch = 1, stride_a = 0, stride_b = 0;
  bool has_c = false;
  BroadcastIndex c_index;
  Act act;
};

// Y (m x n, row-major) = alpha * op(A) op(B) + beta * Y, `batch` times.
Status RunGemm(const RunContext& ctx, const GemmState& s, const float* a, const float* b, float* y, float beta) {
  const CudaContext& c = ContextOf(ctx);
  const cublasOperation_t op_a = s.trans_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t op_b = s.trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  // Leading dimensions of the row-major operands as stored.
  const int lda = static_cast<int>(s.trans_a ? s.m : s.k);
  const int ldb = static_cast<int>(s.trans_b ? s.k : s.n);
  const int m = static_cast<int>(s.m), n = static_cast<int>(s.n), k = static_cast<int>(s.k);
  if (s.batch == 1) {
    ONYX_CUBLAS_RETURN_IF_ERROR(
        cublasSgemm(c.cublas, op_b, op_a, n, m, k, &s.alpha, b, ldb, a, lda, &beta, y, n));
  } else {
    ONYX_CUBLAS_RETURN_IF_ERROR(cublasSgemmStridedBatched(c.cublas, op_b, op_a, n, m, k, &s.alpha, b, ldb,
                                                          s.stride_b, a, lda, s.stride_a, &beta, y, n, s.m * s.n,
                                                          static_cast<int>(s.batch)));
  }
  return Status::Ok();
}

bool FitsInt(int64_t v) { return v >= 0 && v <= 0x7fffffff; }

Status PrepareGemm(PrepareContext& ctx, bool fused) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  const Dims& a = ctx.input(0).dims;
  const Dims& b = ctx.input(1).dims;
  RETURN_ERROR_IF(a.size() != 2 || b.size() != 2, StatusCode::kInvalidArgument, "A and B must be 2-D (got ",
                  DimsToString(a), " and ", DimsToString(b), ")");
  if (ctx.node().opset < 7 && ctx.attrs().Has("broadcast")) return Decline("Gemm's legacy 'broadcast'");
  GemmState* s = ctx.EmplaceState<GemmState>();
  s->trans_a = ctx.attrs().GetInt("transA", 0) != 0;
  s->trans_b = ctx.attrs().GetInt("transB", 0) != 0;
  s->alpha = ctx.attrs().GetFloat("alpha", 1.0f);
  s->beta = ctx.attrs().GetFloat("beta", 1.0f);
  s->m = s->trans_a ? a[1] : a[0];
  s->k = s->trans_a ? a[0] : a[1];
  const int64_t kb = s->trans_b ? b[1] : b[0];
  s->n = s->trans_b ? b[0] : b[1];
  RETURN_ERROR_IF(kb != s->k, StatusCode::kInvalidArgument, "inner extents differ: A ", DimsToString(a),
                  (s->trans_a ? " (transposed)" : ""), ", B ", DimsToString(b), (s->trans_b ? " (transposed)" : ""));
  if (!FitsInt(s->m) || !FitsInt(s->n) || !FitsInt(s->k)) return Decline("extents beyond 2^31");
  const Dims out = {s->m, s->n};
  if (ctx.has_input(2) && s->beta != 0.0f) {
    const Dims& c = ctx.input(2).dims;
    RETURN_ERROR_IF(c.size() > 2, StatusCode::kInvalidArgument, "C of shape ", DimsToString(c),
                    " does not broadcast to ", DimsToString(out));
    s->has_c = true;
    s->c_index.rank = 2;
    s->c_index.out_dims[0] = s->m;
    s->c_index.out_dims[1] = s->n;
    int64_t stride = 1;
    for (int d = 1; d >= 0; --d) {
      const int64_t offset = 2 - static_cast<int64_t>(c.size());
      const int64_t extent = d < offset ? 1 : c[d - offset];
      RETURN_ERROR_IF(extent != 1 && extent != out[d], StatusCode::kInvalidArgument, "C of shape ", DimsToString(c),
                      " does not broadcast to ", DimsToString(out));
      s->c_index.a_strides[d] = extent == 1 ? 0 : stride;
      stride *= extent;
    }
  }
  if (fused) RETURN_IF_ERROR(ReadFusedActivation(ctx, &s->act));
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

}  // namespace

Status GemmPrepare(PrepareContext& ctx) { return PrepareGemm(ctx, false); }
Status FusedGemmPrepare(PrepareContext& ctx) { return PrepareGemm(ctx, true); }

Status GemmRun(const RunContext& ctx) {
  const GemmState& s = ctx.state<GemmState>();
  float* y = ctx.output(0).data_as<float>();
  const cudaStream_t stream = ContextOf(ctx).stream;
  const int64_t count = s.m * s.n;
  if (s.has_c) {
    ONYX_CUDA_RETURN_IF_ERROR(LaunchBroadcastScale(ctx.input(2).data_as<float>(), y, count, s.c_index, s.beta, stream));
  }
  if (s.k == 0) {
    // An empty product: Y is beta C (or zeros).
    if (!s.has_c) ONYX_CUDA_RETURN_IF_ERROR(cudaMemsetAsync(y, 0, count * sizeof(float), stream));
  } else if (count > 0) {
    RETURN_IF_ERROR(RunGemm(ctx, s, ctx.input(0).data_as<float>(), ctx.input(1).data_as<float>(), y,
                            s.has_c ? 1.0f : 0.0f));
  }
  if (s.act.op != ActOp::kIdentity) ONYX_CUDA_RETURN_IF_ERROR(LaunchUnary(y, y, count, s.act, stream));
  return Status::Ok();
}

// numpy.matmul: 1-D operands are promoted (and the added axis dropped from
// the result); batch dimensions broadcast. Declined: batches that broadcast
// other than one operand being a single matrix or both agreeing.
Status MatMulPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  Dims a = ctx.input(0).dims, b = ctx.input(1).dims;
  RETURN_ERROR_IF(a.empty() || b.empty(), StatusCode::kInvalidArgument, "MatMul of a scalar");
  const bool a_vector = a.size() == 1, b_vector = b.size() == 1;
  if (a_vector) a.insert(a.begin(), 1);
  if (b_vector) b.push_back(1);
  RETURN_ERROR_IF(a.back() != b[b.size() - 2], StatusCode::kInvalidArgument, "inner extents differ: ",
                  DimsToString(ctx.input(0).dims), " x ", DimsToString(ctx.input(1).dims));
  const Dims a_batch(a.begin(), a.end() - 2), b_batch(b.begin(), b.end() - 2);
  Dims batch(std::max(a_batch.size(), b_batch.size()), 1);
  for (size_t d = 0; d < batch.size(); ++d) {
    const int64_t ea = d + a_batch.size() >= batch.size() ? a_batch[d + a_batch.size() - batch.size()] : 1;
    const int64_t eb = d + b_batch.size() >= batch.size() ? b_batch[d + b_batch.size() - batch.size()] : 1;
    RETURN_ERROR_IF(ea != eb && ea != 1 && eb != 1, StatusCode::kInvalidArgument, "batch extents of ",
                    DimsToString(ctx.input(0).dims), " and ", DimsToString(ctx.input(1).dims), " do not broadcast");
    batch[d] = ea == 1 ? eb : ea;
  }
  GemmState* s = ctx.EmplaceState<GemmState>();
  s->m = a[a.size() - 2];
  s->k = a.back();
  s->n = b.back();
  s->beta = 0.0f;
  s->batch = NumElements(batch);
  const int64_t a_count = NumElements(a_batch), b_count = NumElements(b_batch);
  if (s->batch > 1) {
    if (a_count != s->batch && a_count != 1) return Decline("batch broadcasting of ", DimsToString(a_batch));
    if (b_count != s->batch && b_count != 1) return Decline("batch broadcasting of ", DimsToString(b_batch));
    s->stride_a = a_count == 1 ? 0 : s->m * s->k;
    s->stride_b = b_count == 1 ? 0 : s->k * s->n;
    // One operand shared by every product in a row-major batch: fold the
    // batch into M (A varies, B shared) for one larger GEMM.
    if (s->stride_b == 0) {
      s->m *= s->batch;
      s->batch = 1;
    }
  }
  if (!FitsInt(s->m) || !FitsInt(s->n) || !FitsInt(s->k) || !FitsInt(s->batch)) return Decline("extents beyond 2^31");
  Dims out = batch;
  if (!a_vector) out.push_back(a[a.size() - 2]);
  if (!b_vector) out.push_back(b.back());
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status MatMulRun(const RunContext& ctx) {
  const GemmState& s = ctx.state<GemmState>();
  float* y = ctx.output(0).data_as<float>();
  const int64_t count = ctx.output(0).num_elements();
  if (count == 0) return Status::Ok();
  if (s.k == 0) {
    ONYX_CUDA_RETURN_IF_ERROR(cudaMemsetAsync(y, 0, count * sizeof(float), ContextOf(ctx).stream));
    return Status::Ok();
  }
  return RunGemm(ctx, s, ctx.input(0).data_as<float>(), ctx.input(1).data_as<float>(), y, 0.0f);
}

}  // namespace onyx::kernels::cuda
