#pragma once

// The machinery shared by RNN, GRU and LSTM: their common inputs (X, W, R,
// B, sequence_lens, initial_h) and attributes (direction, layout, clip,
// activations with activation_alpha/beta, hidden_size), output shapes, and the
// loop over directions, batch entries and time steps that calls one op's cell.
//
// Layout 0: X [seq, batch, input], Y [seq, dirs, batch, hidden], Y_h and
// initial_h [dirs, batch, hidden]. Layout 1 (opset 14+): X [batch, seq,
// input], Y [batch, seq, dirs, hidden], Y_h [batch, dirs, hidden]. An entry
// with sequence_lens[b] = L runs L steps (reverse: from L - 1 down); Y is zero
// past L and Y_h is the state after the last step run. The state is rounded
// to the element type after each step, as an implementation in T would.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/attention_util.h"
#include "kernels/ref/internal/prepare_util.h"

namespace onyx::kernels::ref {

enum RnnInput { kRnnX, kRnnW, kRnnR, kRnnB, kRnnLens, kRnnH0, kRnnC0, kRnnP };

struct RnnActivation {
  enum Kind : uint8_t {
    kRelu, kTanh, kSigmoid, kAffine, kLeakyRelu, kThresholdedRelu, kScaledTanh, kHardSigmoid,
    kElu, kSoftsign, kSoftplus,
  } kind = kTanh;
  double alpha = 0, beta = 0;

  double operator()(double x) const {
    switch (kind) {
      case kRelu: return x > 0 ? x : 0;
      case kTanh: return std::tanh(x);
      case kSigmoid: return 1 / (1 + std::exp(-x));
      case kAffine: return alpha * x + beta;
      case kLeakyRelu: return x >= 0 ? x : alpha * x;
      case kThresholdedRelu: return x > alpha ? x : 0;
      case kScaledTanh: return alpha * std::tanh(beta * x);
      case kHardSigmoid: return std::fmax(0.0, std::fmin(1.0, alpha * x + beta));
      case kElu: return x >= 0 ? x : alpha * (std::exp(x) - 1);
      case kSoftsign: return x / (1 + std::fabs(x));
      case kSoftplus: return std::log1p(std::exp(x));
    }
    return x;
  }
};

struct RnnShape {
  DType dtype = DType::kUndefined;
  int64_t dirs = 1, seq = 0, batch = 0, input = 0, hidden = 0, gates = 1;
  bool layout1 = false, bidirectional = false, reverse = false;
  double clip = 0;  // 0: no clipping.
  RnnActivation act[2][3];  // Per direction, the cell's activations (f, g, h).
  bool has_bias = false, has_lens = false, has_h0 = false;

  int64_t XAt(int64_t t, int64_t b) const { return (layout1 ? b * seq + t : t * batch + b) * input; }
  int64_t YAt(int64_t t, int64_t d, int64_t b) const {
    return (layout1 ? (b * seq + t) * dirs + d : (t * dirs + d) * batch + b) * hidden;
  }
  int64_t StateAt(int64_t d, int64_t b) const {
    return (layout1 ? b * dirs + d : d * batch + b) * hidden;
  }
  Dims StateDims() const { return layout1 ? Dims{batch, dirs, hidden} : Dims{dirs, batch, hidden}; }
  double Clip(double x) const { return clip > 0 ? std::fmax(-clip, std::fmin(clip, x)) : x; }
};

inline Result<RnnActivation> ParseActivation(std::string name, const std::vector<float>& alphas,
                                             const std::vector<float>& betas, size_t* ai,
                                             size_t* bi) {
  for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  struct Entry { const char* name; RnnActivation::Kind kind; int params; double alpha, beta; };
  static const Entry kTable[] = {
      {"relu", RnnActivation::kRelu, 0, 0, 0}, {"tanh", RnnActivation::kTanh, 0, 0, 0},
      {"sigmoid", RnnActivation::kSigmoid, 0, 0, 0}, {"affine", RnnActivation::kAffine, 2, 1, 0},
      {"leakyrelu", RnnActivation::kLeakyRelu, 1, 0.01, 0},
      {"thresholdedrelu", RnnActivation::kThresholdedRelu, 1, 1, 0},
      {"scaledtanh", RnnActivation::kScaledTanh, 2, 1, 1},
      {"hardsigmoid", RnnActivation::kHardSigmoid, 2, 0.2, 0.5},
      {"elu", RnnActivation::kElu, 1, 1, 0}, {"softsign", RnnActivation::kSoftsign, 0, 0, 0},
      {"softplus", RnnActivation::kSoftplus, 0, 0, 0},
  };
  for (const Entry& e : kTable) {
    if (name != e.name) continue;
    RnnActivation a{e.kind, e.alpha, e.beta};
    // Values are consumed in order by the activations that take them.
    if (e.params >= 1 && *ai < alphas.size()) a.alpha = alphas[(*ai)++];
    if (e.params >= 2 && *bi < betas.size()) a.beta = betas[(*bi)++];
    return a;
  }
  return MakeError(StatusCode::kInvalidModel, "attribute 'activations' entry (expected Relu, Tanh, "
                   "Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, "
                   "Softsign or Softplus, got '", name, "')");
}

inline Status ReadRnnAttributes(const PrepareContext& ctx, int num_acts, const char* const* defaults,
                                RnnShape& s) {
  const Attributes& a = ctx.attrs();
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(RejectAttrBefore(a, "layout", opset, 14));
  RETURN_ERROR_IF(opset >= 7 && a.Has("output_sequence"), StatusCode::kInvalidModel,
                  "attribute 'output_sequence' was removed in opset 7 (expected absent, got it at "
                  "opset ", opset, ")");
  ASSIGN_OR_RETURN(std::string dir, StringAttr(a, "direction", "forward"));
  RETURN_ERROR_IF(dir != "forward" && dir != "reverse" && dir != "bidirectional",
                  StatusCode::kInvalidModel,
                  "attribute 'direction' (expected forward, reverse or bidirectional, got '", dir,
                  "')");
  s.bidirectional = dir == "bidirectional";
  s.reverse = dir == "reverse";
  s.dirs = s.bidirectional ? 2 : 1;
  ASSIGN_OR_RETURN(s.layout1, BoolAttr(a, "layout", false));
  ASSIGN_OR_RETURN(float clip, FloatAttr(a, "clip", 0.0f));
  RETURN_ERROR_IF(a.Has("clip") && !(clip > 0), StatusCode::kInvalidModel,
                  "attribute 'clip' (expected > 0, got ", clip, ")");
  s.clip = clip;
  const Attribute* acts = a.Find("activations");
  if (acts != nullptr) RETURN_IF_ERROR(CheckAttrType(*acts, AttrType::kStrings));
  const size_t want = static_cast<size_t>(num_acts * s.dirs);
  RETURN_ERROR_IF(acts != nullptr && acts->strings.size() != want, StatusCode::kInvalidModel,
                  "attribute 'activations' length (expected ", want, ", ", num_acts,
                  " per direction, got ", acts->strings.size(), ")");
  const std::vector<float> alphas = a.GetFloats("activation_alpha");
  const std::vector<float> betas = a.GetFloats("activation_beta");
  size_t ai = 0, bi = 0;
  for (int64_t d = 0; d < s.dirs; ++d) {
    for (int i = 0; i < num_acts; ++i) {
      const std::string name = acts != nullptr ? acts->strings[d * num_acts + i] : defaults[i];
      ASSIGN_OR_RETURN(s.act[d][i], ParseActivation(name, alphas, betas, &ai, &bi));
    }
  }
  return Status::Ok();
}

// Checks X, W, R, B, sequence_lens and initial_h for a cell of `gates` gates
// and sets outputs Y and Y_h.
inline Status PrepareRnn(PrepareContext& ctx, int gates, int num_acts, const char* const* defaults,
                         RnnShape& s) {
  const uint64_t types =
      kFloatTypes | DTypeBit(DType::kFloat16) | (ctx.node().opset >= 22 ? DTypeBit(DType::kBFloat16) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, kRnnX, types));
  for (size_t i : {kRnnW, kRnnR, kRnnB, kRnnH0}) {
    if (ctx.has_input(i)) RETURN_IF_ERROR(ExpectSameDType(ctx, i, kRnnX));
  }
  RETURN_IF_ERROR(ReadRnnAttributes(ctx, num_acts, defaults, s));
  for (size_t i : {kRnnX, kRnnW, kRnnR}) RETURN_IF_ERROR(ctx.ExpectRank(i, 3, 3));
  const Dims& x = ctx.input(kRnnX).dims;
  s.dtype = ctx.input(kRnnX).dtype;
  s.gates = gates;
  s.seq = s.layout1 ? x[1] : x[0];
  s.batch = s.layout1 ? x[0] : x[1];
  s.input = x[2];
  s.hidden = ctx.input(kRnnR).dims[2];
  ASSIGN_OR_RETURN(int64_t hidden_attr, IntAttr(ctx.attrs(), "hidden_size", s.hidden));
  RETURN_ERROR_IF(hidden_attr != s.hidden, StatusCode::kInvalidModel,
                  "attribute 'hidden_size' (expected ", s.hidden, ", the last dim of input 'R', got ",
                  hidden_attr, ")");
  const Dims want_w{s.dirs, gates * s.hidden, s.input}, want_r{s.dirs, gates * s.hidden, s.hidden};
  auto check = [&](size_t i, const Dims& want) -> Status {
    const ValueInfo& v = ctx.input(i);
    RETURN_ERROR_IF(v.dims != want, StatusCode::kInvalidArgument, "input '", v.name,
                    "' shape (expected ", DimsToString(want), ", got ", DimsToString(v.dims), ")");
    return Status::Ok();
  };
  RETURN_IF_ERROR(check(kRnnW, want_w));
  RETURN_IF_ERROR(check(kRnnR, want_r));
  s.has_bias = ctx.has_input(kRnnB);
  if (s.has_bias) RETURN_IF_ERROR(check(kRnnB, Dims{s.dirs, 2 * gates * s.hidden}));
  s.has_lens = ctx.has_input(kRnnLens);
  if (s.has_lens) {
    RETURN_IF_ERROR(ExpectDType(ctx, kRnnLens, DTypeBit(DType::kInt32)));
    RETURN_IF_ERROR(check(kRnnLens, Dims{s.batch}));
  }
  s.has_h0 = ctx.has_input(kRnnH0);
  if (s.has_h0) RETURN_IF_ERROR(check(kRnnH0, s.StateDims()));
  const Dims y = s.layout1 ? Dims{s.batch, s.seq, s.dirs, s.hidden}
                           : Dims{s.seq, s.dirs, s.batch, s.hidden};
  if (ctx.num_outputs() > 0) ctx.SetOutput(0, s.dtype, y);
  if (ctx.num_outputs() > 1) ctx.SetOutput(1, s.dtype, s.StateDims());
  ctx.RequestScratch(static_cast<size_t>(2 * s.hidden + (gates + 1) * s.hidden) * sizeof(double));
  return Status::Ok();
}

inline bool HasRunOutput(const RunContext& ctx, size_t i) {
  return i < ctx.outputs.size() && ctx.outputs[i] != nullptr;
}

// Runs `cell.Step(d, x, h, c, work)` over every direction, batch entry and
// step; `h` and `c` (the cell state, used by LSTM: input C0, output 2) hold
// the state in double, `work` (gates + 1) * hidden doubles.
template <typename T, typename Cell>
Status RunRnnLoop(const RunContext& ctx, const RnnShape& s, bool cell_state, const Cell& cell) {
  const T* x = ctx.input(kRnnX).data_as<const T>();
  const int32_t* lens = s.has_lens ? ctx.input(kRnnLens).data_as<const int32_t>() : nullptr;
  const T* h0 = s.has_h0 ? ctx.input(kRnnH0).data_as<const T>() : nullptr;
  const T* c0 = cell_state && ctx.has_input(kRnnC0) ? ctx.input(kRnnC0).data_as<const T>() : nullptr;
  T* y = HasRunOutput(ctx, 0) ? ctx.output(0).data_as<T>() : nullptr;
  T* yh = HasRunOutput(ctx, 1) ? ctx.output(1).data_as<T>() : nullptr;
  T* yc = cell_state && HasRunOutput(ctx, 2) ? ctx.output(2).data_as<T>() : nullptr;
  double* h = static_cast<double*>(ctx.scratch);
  double* c = h + s.hidden;
  double* work = c + s.hidden;
  for (int64_t d = 0; d < s.dirs; ++d) {
    const bool reverse = s.reverse || d == 1;
    for (int64_t b = 0; b < s.batch; ++b) {
      const int64_t len = lens != nullptr ? lens[b] : s.seq;
      RETURN_ERROR_IF(len < 0 || len > s.seq, StatusCode::kInvalidArgument,
                      "input 'sequence_lens' entry ", b, " (expected 0 to ", s.seq, ", got ", len,
                      ")");
      const int64_t at = s.StateAt(d, b);
      for (int64_t j = 0; j < s.hidden; ++j) {
        h[j] = h0 != nullptr ? static_cast<double>(h0[at + j]) : 0.0;
        c[j] = c0 != nullptr ? static_cast<double>(c0[at + j]) : 0.0;
      }
      for (int64_t step = 0; step < s.seq; ++step) {
        const int64_t t = reverse ? len - 1 - step : step;
        if (step >= len) {
          if (y != nullptr) std::fill(y + s.YAt(step, d, b), y + s.YAt(step, d, b) + s.hidden, T(0.0f));
          continue;
        }
        cell.Step(d, x + s.XAt(t, b), h, c, work);
        for (int64_t j = 0; j < s.hidden; ++j) {
          h[j] = RoundTo<T>(h[j]);
          c[j] = RoundTo<T>(c[j]);
          if (y != nullptr) y[s.YAt(t, d, b) + j] = StoreAs<T>(h[j]);
        }
      }
      for (int64_t j = 0; j < s.hidden; ++j) {
        if (yh != nullptr) yh[at + j] = StoreAs<T>(h[j]);
        if (yc != nullptr) yc[at + j] = StoreAs<T>(c[j]);
      }
    }
  }
  return Status::Ok();
}

// sum_k w[row][k] * v[k] for a row-major matrix with `cols` columns.
template <typename T, typename V>
double RowDot(const T* w, int64_t row, int64_t cols, const V* v) {
  double s = 0;
  for (int64_t k = 0; k < cols; ++k) s += static_cast<double>(w[row * cols + k]) * static_cast<double>(v[k]);
  return s;
}

}  // namespace onyx::kernels::ref
