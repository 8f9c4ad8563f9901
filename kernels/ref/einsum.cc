// Einsum (opset 12; 28 adds bfloat16): sums the product of the inputs over
// every label the output lacks. Labels repeated within a term take the
// diagonal; '...' stands for the same broadcast (right-aligned) dims in each
// term; without '->' the output is the ellipsis dims, then the labels used
// exactly once, in ASCII order. Size-1 dims broadcast against a label's
// extent, as numpy.einsum allows. Floats sum in double (rounded once);
// integers wrap like numpy's fixed-width sums.

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr int kLetters = 52;  // 'A'..'Z', then 'a'..'z'; ellipsis dims follow.

struct EinsumParams {
  DType dtype = DType::kUndefined;
  Dims extent;                          // Per label.
  std::vector<bool> used;               // Per label: some input has it.
  std::vector<int> out_labels, sum_labels;
  std::vector<std::vector<int64_t>> strides;  // Per input, per label (0: unused or broadcast).
  int64_t out_count = 1, sum_count = 1;
};

int LabelOf(char c) { return c >= 'a' ? 26 + (c - 'a') : c - 'A'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// One term as label ids, -1 marking the ellipsis; kInvalidModel on bad text.
Result<std::vector<int>> ParseTerm(const std::string& term, const std::string& equation) {
  std::vector<int> labels;
  bool ellipsis = false;
  for (size_t i = 0; i < term.size(); ++i) {
    if (IsLetter(term[i])) {
      labels.push_back(LabelOf(term[i]));
      continue;
    }
    RETURN_ERROR_IF(term.compare(i, 3, "...") != 0 || ellipsis, StatusCode::kInvalidModel,
                    "attribute 'equation' (expected letters, ',', one '...' per term and '->', "
                    "got '", equation, "')");
    ellipsis = true;
    labels.push_back(-1);
    i += 2;
  }
  return labels;
}

struct Parsed {
  std::vector<std::vector<int>> terms;
  std::vector<int> out;
  bool explicit_out = false;
};

Result<Parsed> ParseEquation(std::string eq, size_t inputs) {
  const std::string original = eq;
  std::string compact;
  for (char c : eq) {
    if (c != ' ') compact += c;
  }
  Parsed p;
  const size_t arrow = compact.find("->");
  std::string lhs = compact.substr(0, arrow);
  p.explicit_out = arrow != std::string::npos;
  size_t start = 0;
  while (true) {
    const size_t comma = lhs.find(',', start);
    ASSIGN_OR_RETURN(std::vector<int> t, ParseTerm(lhs.substr(start, comma - start), original));
    p.terms.push_back(std::move(t));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  RETURN_ERROR_IF(p.terms.size() != inputs, StatusCode::kInvalidModel,
                  "attribute 'equation' terms (expected ", inputs, ", one per input, got ",
                  p.terms.size(), " in '", original, "')");
  if (p.explicit_out) {
    ASSIGN_OR_RETURN(p.out, ParseTerm(compact.substr(arrow + 2), original));
  }
  return p;
}

// Gives every label its extent and every input its strides.
Status BindLabels(const PrepareContext& ctx, const Parsed& parsed, EinsumParams& p, int& ell) {
  ell = 0;
  for (size_t i = 0; i < parsed.terms.size(); ++i) {
    const int letters = static_cast<int>(parsed.terms[i].size()) -
                        (std::count(parsed.terms[i].begin(), parsed.terms[i].end(), -1) ? 1 : 0);
    const int rank = static_cast<int>(ctx.input(i).dims.size());
    const bool has_ell = letters != static_cast<int>(parsed.terms[i].size());
    RETURN_ERROR_IF(rank < letters || (!has_ell && rank != letters), StatusCode::kInvalidArgument,
                    "input '", ctx.input(i).name, "' rank (expected ", has_ell ? ">= " : "",
                    letters, " for its equation term, got ", rank, ")");
    ell = std::max(ell, rank - letters);
  }
  p.extent.assign(kLetters + ell, 1);
  p.used.assign(kLetters + ell, false);
  p.strides.assign(parsed.terms.size(), std::vector<int64_t>(kLetters + ell, 0));
  for (size_t i = 0; i < parsed.terms.size(); ++i) {
    const ValueInfo& v = ctx.input(i);
    const int e = static_cast<int>(v.dims.size()) - (static_cast<int>(parsed.terms[i].size()) - 1);
    std::vector<int> dims_labels;
    for (int l : parsed.terms[i]) {
      for (int j = 0; l < 0 && j < e; ++j) dims_labels.push_back(kLetters + ell - e + j);
      if (l >= 0) dims_labels.push_back(l);
    }
    int64_t stride = 1;
    for (size_t d = dims_labels.size(); d-- > 0;) {
      const int l = dims_labels[d];
      const int64_t n = v.dims[d];
      if (!p.used[l] || p.extent[l] == 1) p.extent[l] = n;
      p.used[l] = true;
      RETURN_ERROR_IF(n != 1 && n != p.extent[l], StatusCode::kInvalidArgument, "input '", v.name,
                      "' dim ", d, " (expected ", p.extent[l], " for its label, got ", n, ")");
      if (n != 1) p.strides[i][l] += stride;
      stride *= n;
    }
  }
  return Status::Ok();
}

Status ChooseOutput(const Parsed& parsed, int ell, EinsumParams& p) {
  std::vector<int> count(kLetters, 0);
  bool any_ell = false;
  for (const auto& t : parsed.terms) {
    for (int l : t) {
      if (l >= 0) ++count[l];
      else any_ell = true;
    }
  }
  std::vector<int> out;
  if (parsed.explicit_out) {
    std::vector<bool> seen(kLetters, false);
    bool out_ell = false;
    for (int l : parsed.out) {
      if (l < 0) {
        out_ell = true;
        for (int j = 0; j < ell; ++j) out.push_back(kLetters + j);
        continue;
      }
      RETURN_ERROR_IF(count[l] == 0 || seen[l], StatusCode::kInvalidModel,
                      "attribute 'equation' output label (expected each once and used by an "
                      "input, got a bad label at ", out.size(), ")");
      seen[l] = true;
      out.push_back(l);
    }
    RETURN_ERROR_IF(ell > 0 && !out_ell, StatusCode::kInvalidArgument,
                    "attribute 'equation' output (expected '...' for the ", ell,
                    " broadcast dims, got none)");
  } else {
    for (int j = 0; any_ell && j < ell; ++j) out.push_back(kLetters + j);
    for (int l = 0; l < kLetters; ++l) {
      if (count[l] == 1) out.push_back(l);
    }
  }
  std::vector<bool> is_out(p.extent.size(), false);
  for (int l : out) is_out[l] = true;
  p.out_labels = out;
  p.sum_labels.clear();
  for (size_t l = 0; l < p.extent.size(); ++l) {
    if (!is_out[l] && p.used[l]) p.sum_labels.push_back(static_cast<int>(l));
  }
  return Status::Ok();
}

template <typename T>
Status RunEinsum(const RunContext& ctx, const EinsumParams& p) {
  using Acc = std::conditional_t<std::is_integral_v<T>, uint64_t, double>;
  int64_t* idx = static_cast<int64_t*>(ctx.scratch);
  T* y = ctx.output(0).data_as<T>();
  const size_t n = ctx.inputs.size();
  for (int64_t o = 0; o < p.out_count; ++o) {
    int64_t rest = o;
    for (size_t k = p.out_labels.size(); k-- > 0;) {
      idx[p.out_labels[k]] = rest % p.extent[p.out_labels[k]];
      rest /= p.extent[p.out_labels[k]];
    }
    Acc acc = 0;
    for (int64_t s = 0; s < p.sum_count; ++s) {
      rest = s;
      for (size_t k = p.sum_labels.size(); k-- > 0;) {
        idx[p.sum_labels[k]] = rest % p.extent[p.sum_labels[k]];
        rest /= p.extent[p.sum_labels[k]];
      }
      Acc prod = 1;
      for (size_t i = 0; i < n; ++i) {
        int64_t off = 0;
        for (size_t l = 0; l < p.extent.size(); ++l) off += idx[l] * p.strides[i][l];
        prod = prod * static_cast<Acc>(ctx.input(i).data_as<const T>()[off]);
      }
      acc += prod;
    }
    y[o] = static_cast<T>(acc);
  }
  return Status::Ok();
}

}  // namespace

Status EinsumPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1 << 20));
  const uint64_t types = kNumericTypes | DTypeBit(DType::kFloat16) |
                         (ctx.node().opset >= 28 ? DTypeBit(DType::kBFloat16) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  for (size_t i = 1; i < ctx.num_inputs(); ++i) RETURN_IF_ERROR(ExpectSameDType(ctx, i, 0));
  ASSIGN_OR_RETURN(std::string equation, StringAttr(ctx.attrs(), "equation", ""));
  RETURN_ERROR_IF(equation.empty(), StatusCode::kInvalidModel,
                  "attribute 'equation' is required (expected an einsum equation, got none)");
  ASSIGN_OR_RETURN(Parsed parsed, ParseEquation(equation, ctx.num_inputs()));
  EinsumParams p;
  p.dtype = ctx.input(0).dtype;
  int ell = 0;
  RETURN_IF_ERROR(BindLabels(ctx, parsed, p, ell));
  RETURN_IF_ERROR(ChooseOutput(parsed, ell, p));
  Dims out;
  for (int l : p.out_labels) out.push_back(p.extent[l]);
  for (int l : p.out_labels) p.out_count *= p.extent[l];
  for (int l : p.sum_labels) p.sum_count *= p.extent[l];
  ctx.SetOutput(0, p.dtype, out);
  ctx.RequestScratch(p.extent.size() * sizeof(int64_t));
  ctx.EmplaceState<EinsumParams>(std::move(p));
  return Status::Ok();
}

Status EinsumRun(const RunContext& ctx) {
  const auto& p = ctx.state<EinsumParams>();
  int64_t* idx = static_cast<int64_t*>(ctx.scratch);
  for (size_t l = 0; l < p.extent.size(); ++l) idx[l] = 0;
  return DispatchNumericOrHalf(p.dtype, [&](auto tag) { return RunEinsum<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
