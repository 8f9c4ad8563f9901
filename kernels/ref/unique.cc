// Unique: the distinct elements of X (flattened), or with attribute 'axis'
// its distinct slices along that axis, sorted ascending (sorted=1, the
// default; slices compare lexicographically, NaN after every number and
// equal to NaN, as numpy.unique does) or in order of first occurrence.
// Optional outputs: each one's first index in X, each element's (or
// slice's) position in Y, and the counts. All but the inverse indices have
// a length only the data decides, so they are dynamic outputs; Run sorts a
// permutation in scratch memory that Prepare requested.

#include <algorithm>
#include <cstring>
#include <numeric>
#include <type_traits>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct UniqueParams {
  bool sorted = true;
  bool has_axis = false;
  int axis = 0;
  int64_t outer = 1, n = 0, inner = 1;  // X viewed as [outer, n, inner].
  Dims dims;
  bool present[4] = {true, false, false, false};
};

struct Complex64 {
  float re, im;
};
struct Complex128 {
  double re, im;
};

// -1, 0 or 1; NaN sorts last and equals NaN. Complex numbers compare by
// real part, then imaginary part.
template <typename T>
int CompareScalar(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, Complex64> || std::is_same_v<T, Complex128>) {
    const int c = CompareScalar(a.re, b.re);
    return c != 0 ? c : CompareScalar(a.im, b.im);
  } else {
    if (a < b) return -1;
    if (b < a) return 1;
    const bool a_nan = !(a == a), b_nan = !(b == b);
    return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
  }
}

template <typename T>
int CompareSlices(const T* x, const UniqueParams& p, int64_t i, int64_t j) {
  for (int64_t o = 0; o < p.outer; ++o) {
    const T* a = x + (o * p.n + i) * p.inner;
    const T* b = x + (o * p.n + j) * p.inner;
    for (int64_t e = 0; e < p.inner; ++e) {
      const int c = CompareScalar(a[e], b[e]);
      if (c != 0) return c;
    }
  }
  return 0;
}

template <typename F>
Status DispatchUnique(DType dtype, F&& f) {
  if (dtype == DType::kBool) return f(bool{});
  if (dtype == DType::kComplex64) return f(Complex64{});
  if (dtype == DType::kComplex128) return f(Complex128{});
  return DispatchNumericOrHalf(dtype, f);
}

bool Wanted(const RunContext& ctx, const UniqueParams& p, size_t i) {
  return p.present[i] && i < ctx.outputs.size() && ctx.outputs[i] != nullptr;
}

template <typename T>
Status UniqueTyped(const RunContext& ctx, const UniqueParams& p) {
  const T* x = ctx.input(0).data_as<const T>();
  const int64_t n = p.n;
  int64_t* perm = static_cast<int64_t*>(ctx.scratch);  // Later: group -> output position.
  int64_t* group_of = perm + n;
  int64_t* first = group_of + n;
  int64_t* count = first + n;
  int64_t* order = count + n;  // Output position -> group.
  std::iota(perm, perm + n, int64_t{0});
  // Ties broken by position: each group starts at its first occurrence.
  std::sort(perm, perm + n, [&](int64_t a, int64_t b) {
    const int c = CompareSlices(x, p, a, b);
    return c != 0 ? c < 0 : a < b;
  });
  int64_t groups = 0;
  for (int64_t k = 0; k < n; ++k) {
    if (k == 0 || CompareSlices(x, p, perm[k - 1], perm[k]) != 0) {
      first[groups] = perm[k];
      count[groups++] = 0;
    }
    group_of[perm[k]] = groups - 1;
    ++count[groups - 1];
  }
  std::iota(order, order + groups, int64_t{0});
  if (!p.sorted) {
    std::sort(order, order + groups, [&](int64_t a, int64_t b) { return first[a] < first[b]; });
  }
  for (int64_t u = 0; u < groups; ++u) perm[order[u]] = u;

  Dims y_dims = p.has_axis ? p.dims : Dims{groups};
  if (p.has_axis) y_dims[p.axis] = groups;
  RETURN_IF_ERROR(ctx.AllocateOutput(0, y_dims));
  T* y = ctx.output(0).data_as<T>();
  for (int64_t o = 0; o < p.outer; ++o) {
    for (int64_t u = 0; u < groups; ++u) {
      const T* src = x + (o * n + first[order[u]]) * p.inner;
      std::copy(src, src + p.inner, y + (o * groups + u) * p.inner);
    }
  }
  if (Wanted(ctx, p, 1)) {
    RETURN_IF_ERROR(ctx.AllocateOutput(1, Dims{groups}));
    int64_t* indices = ctx.output(1).data_as<int64_t>();
    for (int64_t u = 0; u < groups; ++u) indices[u] = first[order[u]];
  }
  if (Wanted(ctx, p, 2)) {
    int64_t* inverse = ctx.output(2).data_as<int64_t>();
    for (int64_t i = 0; i < n; ++i) inverse[i] = perm[group_of[i]];
  }
  if (Wanted(ctx, p, 3)) {
    RETURN_IF_ERROR(ctx.AllocateOutput(3, Dims{groups}));
    int64_t* counts = ctx.output(3).data_as<int64_t>();
    for (int64_t u = 0; u < groups; ++u) counts[u] = count[order[u]];
  }
  return Status::Ok();
}

}  // namespace

Status UniquePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const ValueInfo& x = ctx.input(0);
  const uint64_t types = kValueTypes | DTypeBit(DType::kComplex64) | DTypeBit(DType::kComplex128);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  RETURN_ERROR_IF(ctx.num_outputs() < 1 || ctx.num_outputs() > 4, StatusCode::kInvalidModel,
                  "Unique has 1 to 4 outputs (expected 1 to 4, got ", ctx.num_outputs(), ")");
  auto* p = ctx.EmplaceState<UniqueParams>();
  ASSIGN_OR_RETURN(p->sorted, BoolAttr(ctx.attrs(), "sorted", true));
  p->dims = x.dims;
  if (ctx.attrs().Has("axis")) {
    ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 0));
    RETURN_ERROR_IF(x.dims.empty(), StatusCode::kInvalidArgument, "input '", x.name,
                    "' is a scalar (expected rank 1 or more with attribute 'axis', got shape [])");
    ASSIGN_OR_RETURN(p->axis, NormalizeAxisAttr(raw_axis, x, true));
    p->has_axis = true;
    for (int d = 0; d < p->axis; ++d) p->outer *= x.dims[d];
    for (size_t d = p->axis + 1; d < x.dims.size(); ++d) p->inner *= x.dims[d];
    p->n = x.dims[p->axis];
  } else {
    p->n = NumElements(x.dims);
  }
  ctx.SetDynamicOutput(0, x.dtype);
  for (size_t i = 1; i < ctx.num_outputs(); ++i) {
    p->present[i] = ctx.has_output(i);
    if (!p->present[i]) continue;
    if (i == 2) {
      ctx.SetOutput(2, DType::kInt64, Dims{p->n});
    } else {
      ctx.SetDynamicOutput(i, DType::kInt64);
    }
  }
  ctx.RequestScratch(static_cast<size_t>(5 * p->n) * sizeof(int64_t));
  return Status::Ok();
}

Status UniqueRun(const RunContext& ctx) {
  const UniqueParams& p = ctx.state<UniqueParams>();
  return DispatchUnique(ctx.input(0).dtype,
                        [&](auto tag) { return UniqueTyped<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
