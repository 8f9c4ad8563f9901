// MatMul: numpy.matmul. A 1-D operand is promoted to a matrix ([K] -> [1,K]
// for A, [K] -> [K,1] for B) and the added dim is removed from the output;
// leading (batch) dims broadcast. Opset 9 added int32/int64/uint32/uint64,
// opset 13 bfloat16; float16 is there from opset 1. float16 and bfloat16 sum
// each output in float (a scratch row) and round to the element type once.

#include <pthreadpool.h>

#include <algorithm>
#include <utility>

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/matmul_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kMatMulIntTypes = DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) |
                                     DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64);

struct MatMulParams {
  int64_t m = 0, n = 0, k = 0;
  Dims batch;      // The broadcast batch dims of the output.
  Dims a_strides;  // Per batch dim, in elements of A; 0 where A broadcasts.
  Dims b_strides;
  int64_t batch_count = 1;
};

// Strides of `batch` (a leading part of an operand with `matrix` elements per
// batch entry) laid over the output's batch dims `out`; 0 where broadcast.
Dims BatchStrides(const Dims& batch, const Dims& out, int64_t matrix) {
  Dims strides(out.size(), 0);
  int64_t stride = matrix;
  for (size_t k = 0; k < batch.size(); ++k) {
    const size_t i = batch.size() - 1 - k;
    strides[out.size() - 1 - k] = batch[i] == 1 ? 0 : stride;
    stride *= batch[i];
  }
  return strides;
}

// Where batch entry `i` of the output reads A and B (flat index decomposed
// over the batch dims, so that Run needs no memory of its own).
void BatchOffsets(const MatMulParams& p, int64_t i, int64_t* a_off, int64_t* b_off) {
  *a_off = *b_off = 0;
  for (size_t d = p.batch.size(); d-- > 0;) {
    const int64_t idx = i % p.batch[d];
    i /= p.batch[d];
    *a_off += idx * p.a_strides[d];
    *b_off += idx * p.b_strides[d];
  }
}

// The session's threads share a MatMul by batch entry and block of rows;
// every output element is summed as on one thread.
template <typename T>
struct MatMulWork {
  const MatMulParams* p;
  const T* a;
  const T* b;
  T* y;
  int64_t rows_per_task;
  int64_t tasks_per_batch;
};

template <typename T>
void MatMulTask(void* context, size_t task) {
  const MatMulWork<T>& w = *static_cast<const MatMulWork<T>*>(context);
  const MatMulParams& p = *w.p;
  const int64_t batch = static_cast<int64_t>(task) / w.tasks_per_batch;
  const int64_t r0 = static_cast<int64_t>(task) % w.tasks_per_batch * w.rows_per_task;
  int64_t a_off = 0, b_off = 0;
  BatchOffsets(p, batch, &a_off, &b_off);
  const MatrixRef<T> av{w.a + a_off + r0 * p.k, p.k, 1}, bv{w.b + b_off, p.n, 1};
  MatMulInto<T>(std::min(w.rows_per_task, p.m - r0), p.n, p.k, av, bv, w.y + batch * p.m * p.n + r0 * p.n);
}

// Below this many multiply-adds a MatMul runs on the calling thread.
constexpr int64_t kParallelWork = int64_t{1} << 16;

}  // namespace

Status MatMulPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const int opset = ctx.node().opset;
  const uint64_t allowed = kFloatTypes | DTypeBit(DType::kFloat16) |
                           (opset >= 9 ? kMatMulIntTypes : 0) |
                           (opset >= 13 ? DTypeBit(DType::kBFloat16) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, allowed));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  for (const ValueInfo* v : {&a, &b}) {
    RETURN_ERROR_IF(v->dims.empty(), StatusCode::kInvalidArgument, "input '", v->name,
                    "' rank (expected >= 1, got 0)");
  }
  Dims ad = a.dims.size() == 1 ? Dims{1, a.dims[0]} : a.dims;
  Dims bd = b.dims.size() == 1 ? Dims{b.dims[0], 1} : b.dims;
  const int64_t k = ad[ad.size() - 1];
  RETURN_ERROR_IF(bd[bd.size() - 2] != k, StatusCode::kInvalidArgument, "input '", b.name,
                  "' rows (expected ", k, ", the columns of input '", a.name, "' ",
                  DimsToString(a.dims), ", got ", bd[bd.size() - 2], " in ", DimsToString(b.dims),
                  ")");
  Dims a_batch(ad.begin(), ad.end() - 2);
  Dims b_batch(bd.begin(), bd.end() - 2);
  Result<Dims> batch = BroadcastDims(a_batch, b_batch);
  if (!batch.ok())
    return batch.status().WithContext("batch dims of inputs '" + a.name + "' and '" + b.name + "'");

  auto& p = *ctx.EmplaceState<MatMulParams>();
  p.m = ad[ad.size() - 2];
  p.n = bd[bd.size() - 1];
  p.k = k;
  p.batch = batch.value();
  p.a_strides = BatchStrides(a_batch, p.batch, p.m * p.k);
  p.b_strides = BatchStrides(b_batch, p.batch, p.k * p.n);
  p.batch_count = NumElements(p.batch);

  Dims out = p.batch;
  if (a.dims.size() > 1) out.push_back(p.m);
  if (b.dims.size() > 1) out.push_back(p.n);
  // 16-bit floats accumulate one output row in float.
  if ((DTypeBit(a.dtype) & kHalfTypes) != 0) ctx.RequestScratch(p.n * sizeof(float));
  ctx.SetOutput(0, a.dtype, std::move(out));
  return Status::Ok();
}

Status MatMulRun(const RunContext& ctx) {
  const auto& p = ctx.state<MatMulParams>();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using Acc = MatMulAcc<T>;
    const T* a = ctx.input(0).data_as<const T>();
    const T* b = ctx.input(1).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    if (p.m == 0 || p.batch_count == 0) return Status::Ok();
    if constexpr (kMatMulNeedsRowScratch<T>) {
      // One scratch row: one thread.
      for (int64_t i = 0; i < p.batch_count; ++i) {
        int64_t a_off = 0, b_off = 0;
        BatchOffsets(p, i, &a_off, &b_off);
        const MatrixRef<T> av{a + a_off, p.k, 1}, bv{b + b_off, p.n, 1};
        T* yi = y + i * p.m * p.n;
        MatMulRows<T>(p.m, p.n, p.k, av, bv, static_cast<Acc*>(ctx.scratch), [&](int64_t r, const Acc* row) {
          for (int64_t j = 0; j < p.n; ++j) yi[r * p.n + j] = static_cast<T>(row[j]);
        });
      }
    } else {
      MatMulWork<T> w{&p, a, b, y, p.m, 1};
      auto* pool = static_cast<pthreadpool_t>(ctx.threadpool);
      const int64_t threads = pool ? static_cast<int64_t>(pthreadpool_get_threads_count(pool)) : 1;
      const bool parallel = threads > 1 && p.batch_count * p.m * p.n * p.k >= kParallelWork;
      if (parallel && p.batch_count < 2 * threads) {
        // Fewer batch entries than tasks the threads can share: split rows too.
        const int64_t splits = (2 * threads + p.batch_count - 1) / p.batch_count;
        w.rows_per_task = std::max<int64_t>(1, (p.m + splits - 1) / splits);
        w.tasks_per_batch = (p.m + w.rows_per_task - 1) / w.rows_per_task;
      }
      pthreadpool_parallelize_1d(parallel ? pool : nullptr, MatMulTask<T>, &w,
                                 static_cast<size_t>(p.batch_count * w.tasks_per_batch), 0);
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
