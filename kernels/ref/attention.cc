// Attention (opset 23+): softmax(Q K^T * scale + bias) V per head, with
// Q and K each scaled by sqrt(scale) first. Inputs are 4-D [B, heads, seq,
// head] or 3-D [B, seq, heads * head] (with q_num_heads and kv_num_heads);
// fewer KV heads than query heads share each KV head across a group (GQA,
// MQA). The bias sums the attention mask (bool: false is -inf; numbers are
// added; a mask shorter than the keys is padded with -inf), the causal and
// window frontiers (bottom-right aligned by past length or by
// nonpad_kv_seqlen - q_seq) and the padding of nonpad_kv_seqlen. A row whose
// bias is -inf everywhere gives zeros. Opset 24 adds nonpad_kv_seqlen, 25
// left/right_window_size. Values are rounded to the element type where ONNX's
// reference rounds (attention_util.h).

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/ref/internal/attention_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum Input { kQ, kK, kV, kMask, kPastKey, kPastValue, kNonpad };
enum Output { kY, kPresentKey, kPresentValue, kQk };

// Element offsets of [batch, head, position] in a Q/K/V/Y tensor; the head
// dim is contiguous in both layouts.
struct Layout {
  int64_t batch = 0, head = 0, pos = 0;
};

struct AttentionParams {
  DType dtype = DType::kUndefined, v_dtype = DType::kUndefined, mask_dtype = DType::kUndefined;
  DType softmax_dtype = DType::kUndefined;
  int64_t batch = 0, q_heads = 0, kv_heads = 0, q_seq = 0, kv_seq = 0, past = 0, total = 0;
  int64_t head = 0, v_head = 0;
  Layout q, k, v, y;
  bool has_mask = false;
  int64_t mask_len = 0, mask_strides[3] = {0, 0, 0};  // For batch, head, query.
  bool causal = false, has_past = false, has_nonpad = false;
  int64_t left_window = -1, right_window = -1;
  double scale_sqrt = 1, softcap = 0;
  int64_t qk_mode = 0;
  bool out_present_key = false, out_present_value = false, out_qk = false;
};

Layout MakeLayout(bool rank3, int64_t heads, int64_t seq, int64_t head) {
  return rank3 ? Layout{seq * heads * head, head, heads * head}
               : Layout{heads * seq * head, seq * head, head};
}

Status ReadAttributes(const PrepareContext& ctx, AttentionParams& p) {
  const Attributes& a = ctx.attrs();
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(RejectAttrBefore(a, "left_window_size", opset, 25));
  RETURN_IF_ERROR(RejectAttrBefore(a, "right_window_size", opset, 25));
  ASSIGN_OR_RETURN(p.causal, BoolAttr(a, "is_causal", false));
  ASSIGN_OR_RETURN(p.qk_mode, IntAttr(a, "qk_matmul_output_mode", 0));
  RETURN_ERROR_IF(p.qk_mode < 0 || p.qk_mode > 3, StatusCode::kInvalidModel,
                  "attribute 'qk_matmul_output_mode' (expected 0 to 3, got ", p.qk_mode, ")");
  ASSIGN_OR_RETURN(float softcap, FloatAttr(a, "softcap", 0.0f));
  RETURN_ERROR_IF(softcap < 0, StatusCode::kInvalidModel,
                  "attribute 'softcap' (expected >= 0, got ", softcap, ")");
  p.softcap = softcap;
  ASSIGN_OR_RETURN(int64_t precision, IntAttr(a, "softmax_precision", 0));
  const DType sp = static_cast<DType>(precision);
  RETURN_ERROR_IF(precision != 0 && sp != DType::kFloat32 && sp != DType::kFloat64 &&
                      sp != DType::kFloat16 && sp != DType::kBFloat16,
                  StatusCode::kInvalidModel,
                  "attribute 'softmax_precision' (expected 1, 10, 11 or 16, got ", precision, ")");
  p.softmax_dtype = precision == 0 ? ctx.input(kQ).dtype : sp;
  ASSIGN_OR_RETURN(p.left_window, IntAttr(a, "left_window_size", -1));
  ASSIGN_OR_RETURN(p.right_window, IntAttr(a, "right_window_size", -1));
  RETURN_ERROR_IF(p.left_window < -1 || p.right_window < -1, StatusCode::kInvalidModel,
                  "attributes 'left_window_size', 'right_window_size' (expected >= -1, got ",
                  p.left_window, ", ", p.right_window, ")");
  return Status::Ok();
}

// Heads and sizes of 3-D inputs [B, seq, heads * head] from the attributes.
Status ReadPackedHeads(const PrepareContext& ctx, int64_t qh, int64_t kvh, AttentionParams& p) {
  const ValueInfo& q = ctx.input(kQ);
  const ValueInfo& k = ctx.input(kK);
  const ValueInfo& v = ctx.input(kV);
  RETURN_ERROR_IF(qh <= 0 || kvh <= 0, StatusCode::kInvalidModel,
                  "attributes 'q_num_heads' and 'kv_num_heads' are required with 3-D inputs "
                  "(expected > 0, got ", qh, " and ", kvh, ")");
  RETURN_ERROR_IF(q.dims[2] % qh != 0, StatusCode::kInvalidArgument, "input '", q.name,
                  "' hidden size (expected a multiple of q_num_heads ", qh, ", got ", q.dims[2],
                  ")");
  for (const ValueInfo* t : {&k, &v}) {
    RETURN_ERROR_IF(t->dims[2] % kvh != 0, StatusCode::kInvalidArgument, "input '", t->name,
                    "' hidden size (expected a multiple of kv_num_heads ", kvh, ", got ",
                    t->dims[2], ")");
  }
  p.q_heads = qh;
  p.kv_heads = kvh;
  p.q_seq = q.dims[1];
  p.kv_seq = k.dims[1];
  p.head = q.dims[2] / qh;
  p.v_head = v.dims[2] / kvh;
  RETURN_ERROR_IF(k.dims[2] / kvh != p.head, StatusCode::kInvalidArgument, "input '", k.name,
                  "' head size (expected ", p.head, " like input '", q.name, "', got ",
                  k.dims[2] / kvh, ")");
  return Status::Ok();
}

// Heads and sizes of 4-D inputs [B, heads, seq, head].
Status ReadSplitHeads(const PrepareContext& ctx, int64_t qh, int64_t kvh, AttentionParams& p) {
  const ValueInfo& q = ctx.input(kQ);
  const ValueInfo& k = ctx.input(kK);
  const ValueInfo& v = ctx.input(kV);
  RETURN_ERROR_IF(ctx.node().opset >= 25 && (qh != 0 || kvh != 0), StatusCode::kInvalidModel,
                  "attributes 'q_num_heads' and 'kv_num_heads' are only for 3-D inputs "
                  "(expected absent, got ", qh, " and ", kvh, ")");
  p.q_heads = q.dims[1];
  p.kv_heads = k.dims[1];
  p.q_seq = q.dims[2];
  p.kv_seq = k.dims[2];
  p.head = q.dims[3];
  p.v_head = v.dims[3];
  RETURN_ERROR_IF(k.dims[3] != p.head, StatusCode::kInvalidArgument, "input '", k.name,
                  "' head size (expected ", p.head, " like input '", q.name, "', got ", k.dims[3],
                  ")");
  RETURN_ERROR_IF(v.dims[1] != p.kv_heads, StatusCode::kInvalidArgument, "input '", v.name,
                  "' heads (expected ", p.kv_heads, " like input '", k.name, "', got ", v.dims[1],
                  ")");
  return Status::Ok();
}

// Heads and head sizes from Q, K, V and the head-count attributes.
Status ReadHeads(const PrepareContext& ctx, AttentionParams& p) {
  const ValueInfo& k = ctx.input(kK);
  const ValueInfo& v = ctx.input(kV);
  const bool rank3 = ctx.input(kQ).dims.size() == 3;
  ASSIGN_OR_RETURN(int64_t qh, IntAttr(ctx.attrs(), "q_num_heads", 0));
  ASSIGN_OR_RETURN(int64_t kvh, IntAttr(ctx.attrs(), "kv_num_heads", 0));
  p.batch = ctx.input(kQ).dims[0];
  RETURN_IF_ERROR(rank3 ? ReadPackedHeads(ctx, qh, kvh, p) : ReadSplitHeads(ctx, qh, kvh, p));
  for (const ValueInfo* t : {&k, &v}) {
    RETURN_ERROR_IF(t->dims[0] != p.batch, StatusCode::kInvalidArgument, "input '", t->name,
                    "' batch (expected ", p.batch, ", got ", t->dims[0], ")");
  }
  const int64_t v_seq = rank3 ? v.dims[1] : v.dims[2];
  RETURN_ERROR_IF(v_seq != p.kv_seq, StatusCode::kInvalidArgument, "input '", v.name,
                  "' sequence length (expected ", p.kv_seq, " like input '", k.name, "', got ",
                  v_seq, ")");
  RETURN_ERROR_IF(p.kv_heads <= 0 || p.q_heads % p.kv_heads != 0, StatusCode::kInvalidArgument,
                  "query heads (expected a multiple of the ", p.kv_heads, " key/value heads, got ",
                  p.q_heads, ")");
  p.q = MakeLayout(rank3, p.q_heads, p.q_seq, p.head);
  p.k = MakeLayout(rank3, p.kv_heads, p.kv_seq, p.head);
  p.v = MakeLayout(rank3, p.kv_heads, p.kv_seq, p.v_head);
  p.y = MakeLayout(rank3, p.q_heads, p.q_seq, p.v_head);
  return Status::Ok();
}

Status ReadPast(const PrepareContext& ctx, AttentionParams& p) {
  RETURN_ERROR_IF(ctx.has_input(kPastKey) != ctx.has_input(kPastValue), StatusCode::kInvalidModel,
                  "inputs 'past_key' and 'past_value' come together (expected both or neither)");
  p.has_past = ctx.has_input(kPastKey);
  if (!p.has_past) return Status::Ok();
  RETURN_IF_ERROR(ExpectSameDType(ctx, kPastKey, kQ));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kPastValue, kV));
  const ValueInfo& pk = ctx.input(kPastKey);
  const ValueInfo& pv = ctx.input(kPastValue);
  RETURN_ERROR_IF(pk.dims.size() != 4, StatusCode::kInvalidArgument, "input '", pk.name,
                  "' shape (expected [B, kv_heads, past, head], got ", DimsToString(pk.dims), ")");
  p.past = pk.dims[2];
  const Dims want_k{p.batch, p.kv_heads, p.past, p.head};
  const Dims want_v{p.batch, p.kv_heads, p.past, p.v_head};
  RETURN_ERROR_IF(pk.dims != want_k, StatusCode::kInvalidArgument, "input '", pk.name,
                  "' shape (expected ", DimsToString(want_k), ", got ", DimsToString(pk.dims), ")");
  RETURN_ERROR_IF(pv.dims != want_v, StatusCode::kInvalidArgument, "input '", pv.name,
                  "' shape (expected ", DimsToString(want_v), ", got ", DimsToString(pv.dims), ")");
  return Status::Ok();
}

// The mask broadcasts right-aligned to [B, q_heads, q_seq, <= total].
Status ReadMask(const PrepareContext& ctx, AttentionParams& p) {
  p.has_mask = ctx.has_input(kMask);
  if (!p.has_mask) return Status::Ok();
  const ValueInfo& m = ctx.input(kMask);
  RETURN_IF_ERROR(ExpectDType(ctx, kMask, kNumericTypes | kHalfTypes | DTypeBit(DType::kBool)));
  RETURN_ERROR_IF(m.dims.empty() || m.dims.size() > 4, StatusCode::kInvalidArgument, "input '",
                  m.name, "' rank (expected 1 to 4, got ", m.dims.size(), ")");
  p.mask_dtype = m.dtype;
  Dims d(4 - m.dims.size(), 1);
  d.insert(d.end(), m.dims.begin(), m.dims.end());
  const int64_t want[3] = {p.batch, p.q_heads, p.q_seq};
  const char* what[3] = {"batch", "heads", "query length"};
  int64_t stride = d[3];
  for (int i = 2; i >= 0; --i) {
    RETURN_ERROR_IF(d[i] != 1 && d[i] != want[i], StatusCode::kInvalidArgument, "input '", m.name,
                    "' ", what[i], " dim (expected 1 or ", want[i], ", got ", d[i], " in ",
                    DimsToString(m.dims), ")");
    p.mask_strides[i] = d[i] == 1 ? 0 : stride;
    stride *= d[i];
  }
  p.mask_len = d[3];
  RETURN_ERROR_IF(p.mask_len > p.total, StatusCode::kInvalidArgument, "input '", m.name,
                  "' last dim (expected <= ", p.total, " keys, got ", p.mask_len, ")");
  return Status::Ok();
}

Status ReadNonpad(const PrepareContext& ctx, AttentionParams& p) {
  p.has_nonpad = ctx.has_input(kNonpad);
  if (!p.has_nonpad) return Status::Ok();
  const ValueInfo& n = ctx.input(kNonpad);
  RETURN_IF_ERROR(ExpectDType(ctx, kNonpad, DTypeBit(DType::kInt64)));
  RETURN_ERROR_IF(n.dims != Dims{p.batch}, StatusCode::kInvalidArgument, "input '", n.name,
                  "' shape (expected [", p.batch, "], got ", DimsToString(n.dims), ")");
  RETURN_ERROR_IF(p.has_past, StatusCode::kInvalidModel,
                  "input 'nonpad_kv_seqlen' cannot be combined with 'past_key' (expected one of "
                  "them, got both)");
  return Status::Ok();
}

// The additive bias of key j for query i of (b, h), and where causal and
// window frontiers sit (`offset`).
double Bias(const AttentionParams& p, const RunContext& ctx, int64_t b, int64_t h, int64_t i,
            int64_t j, int64_t offset) {
  constexpr double kNegInf = -std::numeric_limits<double>::infinity();
  double bias = 0;
  if (p.has_mask) {
    if (j >= p.mask_len) {
      bias += kNegInf;
    } else {
      const int64_t at = b * p.mask_strides[0] + h * p.mask_strides[1] + i * p.mask_strides[2] + j;
      const double m = LoadAsDouble(p.mask_dtype, ctx.input(kMask).data, at);
      bias += p.mask_dtype == DType::kBool ? (m != 0 ? 0.0 : kNegInf) : m;
    }
  }
  const int64_t diff = i + offset - j;
  if (p.causal && diff < 0) bias += kNegInf;
  if (p.left_window >= 0 && diff > p.left_window) bias += kNegInf;
  if (p.right_window >= 0 && -diff > p.right_window) bias += kNegInf;
  if (p.has_nonpad && j >= ctx.input(kNonpad).data_as<const int64_t>()[b]) bias += kNegInf;
  return bias;
}

// Row j of the keys (or values) of KV head `hk` in batch `b`: the past
// rows first, then those of `now` (laid out by `l`), as an element offset
// into `past` (when *in_past) or `now`.
int64_t KvOffset(const AttentionParams& p, const Layout& l, int64_t width, int64_t b,
                 int64_t hk, int64_t j, bool* in_past) {
  *in_past = j < p.past;
  return j < p.past ? ((b * p.kv_heads + hk) * p.past + j) * width
                    : b * l.batch + hk * l.head + (j - p.past) * l.pos;
}

// present = [past | now] for elements of `size` bytes.
void CopyPresent(const AttentionParams& p, const void* past, const void* now, const Layout& l,
                 int64_t width, size_t size, void* out) {
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t h = 0; h < p.kv_heads; ++h) {
      for (int64_t j = 0; j < p.total; ++j) {
        bool in_past = false;
        const int64_t at = KvOffset(p, l, width, b, h, j, &in_past);
        const uint8_t* src = static_cast<const uint8_t*>(in_past ? past : now) + at * size;
        std::memcpy(static_cast<uint8_t*>(out) + ((b * p.kv_heads + h) * p.total + j) * width * size,
                    src, width * size);
      }
    }
  }
}

// The scratch rows of one query: its scaled values, the raw (or softcapped)
// scores, the biased logits and the probabilities; and, for the head being
// computed, its scaled keys (total x head) and values (total x v_head) read
// once for every query, and one output row's sums (v_head).
struct AttentionRows {
  double *qs, *raw, *logits, *probs;
  double *keys, *values, *sums;
};

// Scratch doubles AttentionRows needs.
int64_t AttentionScratch(const AttentionParams& p) {
  return p.head + 3 * p.total + p.total * p.head + p.total * p.v_head + p.v_head;
}

// The keys (scaled and rounded as ScoreRow uses them) and the values of
// KV head `hk` in batch `b`, into r.keys and r.values.
template <typename T>
void LoadHead(const RunContext& ctx, const AttentionParams& p, int64_t b, int64_t hk, const AttentionRows& r) {
  const double s = RoundTo<T>(p.scale_sqrt);
  const T* past_k = p.has_past ? ctx.input(kPastKey).data_as<const T>() : nullptr;
  const void* v = ctx.input(kV).data;
  const void* past_v = p.has_past ? ctx.input(kPastValue).data : nullptr;
  for (int64_t j = 0; j < p.total; ++j) {
    bool in_past = false;
    const int64_t at = KvOffset(p, p.k, p.head, b, hk, j, &in_past);
    const T* krow = (in_past ? past_k : ctx.input(kK).data_as<const T>()) + at;
    for (int64_t d = 0; d < p.head; ++d) r.keys[j * p.head + d] = RoundTo<T>(krow[d] * s);
    const int64_t vat = KvOffset(p, p.v, p.v_head, b, hk, j, &in_past);
    for (int64_t e = 0; e < p.v_head; ++e) {
      r.values[j * p.v_head + e] = LoadAsDouble(p.v_dtype, in_past ? past_v : v, vat + e);
    }
  }
}

// Scores of query i of (b, h) against every key into `r`; true when the
// bias masks every key (the row then gives zeros).
template <typename T>
bool ScoreRow(const RunContext& ctx, const AttentionParams& p, int64_t b, int64_t h, int64_t i,
              const AttentionRows& r) {
  const double s = RoundTo<T>(p.scale_sqrt), cap = RoundTo<T>(p.softcap);
  const int64_t offset =
      p.has_nonpad ? ctx.input(kNonpad).data_as<const int64_t>()[b] - p.q_seq : p.past;
  const T* qrow = ctx.input(kQ).data_as<const T>() + b * p.q.batch + h * p.q.head + i * p.q.pos;
  for (int64_t d = 0; d < p.head; ++d) r.qs[d] = RoundTo<T>(qrow[d] * s);
  double bias_max = -std::numeric_limits<double>::infinity();
  for (int64_t j = 0; j < p.total; ++j) {
    const double* krow = r.keys + j * p.head;  // LoadHead: scaled and rounded.
    double dot = 0;
    for (int64_t d = 0; d < p.head; ++d) dot += r.qs[d] * krow[d];
    double x = RoundTo<T>(dot);
    r.raw[j] = x;
    if (p.softcap > 0) x = RoundTo<T>(RoundTo<T>(std::tanh(RoundTo<T>(x / cap))) * cap);
    if (p.qk_mode == 1) r.raw[j] = x;
    const double bias = Bias(p, ctx, b, h, i, j, offset);
    bias_max = std::isnan(bias) || std::isnan(bias_max) ? NAN : std::max(bias_max, bias);
    r.logits[j] = RoundTo<T>(x + bias);
  }
  return std::isinf(bias_max) && bias_max < 0;
}

template <typename T>
Status RunAttention(const RunContext& ctx, const AttentionParams& p) {
  // V may have its own type (T2); it is read as double.
  const void* v = ctx.input(kV).data;
  const void* past_v = p.has_past ? ctx.input(kPastValue).data : nullptr;
  if (p.out_present_key) {
    CopyPresent(p, p.has_past ? ctx.input(kPastKey).data : nullptr, ctx.input(kK).data, p.k,
                p.head, sizeof(T), ctx.output(kPresentKey).data);
  }
  if (p.out_present_value) {
    CopyPresent(p, past_v, v, p.v, p.v_head, DTypeSize(p.v_dtype), ctx.output(kPresentValue).data);
  }
  T* y = ctx.output(kY).data_as<T>();
  T* qk_out = p.out_qk ? ctx.output(kQk).data_as<T>() : nullptr;
  double* qs = static_cast<double*>(ctx.scratch);
  double* keys = qs + p.head + 3 * p.total;
  double* values = keys + p.total * p.head;
  const AttentionRows r{qs, qs + p.head, qs + p.head + p.total, qs + p.head + 2 * p.total,
                        keys, values, values + p.total * p.v_head};
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t h = 0; h < p.q_heads; ++h) {
      LoadHead<T>(ctx, p, b, h / (p.q_heads / p.kv_heads), r);
      for (int64_t i = 0; i < p.q_seq; ++i) {
        const bool masked = ScoreRow<T>(ctx, p, b, h, i, r);
        SoftmaxRow(p.softmax_dtype, r.logits, r.probs, p.total);
        for (int64_t j = 0; j < p.total; ++j) r.probs[j] = masked ? 0.0 : RoundTo<T>(r.probs[j]);
        if (qk_out != nullptr) {
          const double* src = p.qk_mode == 2 ? r.logits : p.qk_mode == 3 ? r.probs : r.raw;
          T* dst = qk_out + ((b * p.q_heads + h) * p.q_seq + i) * p.total;
          for (int64_t j = 0; j < p.total; ++j) dst[j] = StoreAs<T>(src[j]);
        }
        // Each output element sums over the keys in order, as before; the
        // loop over elements is the inner one, so it walks rows of values.
        T* yrow = y + b * p.y.batch + h * p.y.head + i * p.y.pos;
        for (int64_t e = 0; e < p.v_head; ++e) r.sums[e] = 0;
        for (int64_t j = 0; j < p.total; ++j) {
          const double pj = r.probs[j];
          const double* vrow = r.values + j * p.v_head;
          for (int64_t e = 0; e < p.v_head; ++e) r.sums[e] += pj * vrow[e];
        }
        for (int64_t e = 0; e < p.v_head; ++e) yrow[e] = StoreAs<T>(r.sums[e]);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status AttentionPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, opset >= 24 ? 7 : 6));
  RETURN_IF_ERROR(ExpectDType(ctx, kQ, kFloatTypes | kHalfTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kK, kQ));
  RETURN_IF_ERROR(ExpectDType(ctx, kV, kFloatTypes | kHalfTypes));
  RETURN_IF_ERROR(ctx.ExpectRank(kQ, 3, 4));
  const int rank = static_cast<int>(ctx.input(kQ).dims.size());
  RETURN_IF_ERROR(ctx.ExpectRank(kK, rank, rank));
  RETURN_IF_ERROR(ctx.ExpectRank(kV, rank, rank));
  AttentionParams p;
  p.dtype = ctx.input(kQ).dtype;
  p.v_dtype = ctx.input(kV).dtype;
  RETURN_IF_ERROR(ReadAttributes(ctx, p));
  RETURN_IF_ERROR(ReadHeads(ctx, p));
  RETURN_IF_ERROR(ReadPast(ctx, p));
  p.total = p.past + p.kv_seq;
  RETURN_IF_ERROR(ReadMask(ctx, p));
  RETURN_IF_ERROR(ReadNonpad(ctx, p));
  const Attribute* scale = ctx.attrs().Find("scale");
  if (scale != nullptr) RETURN_IF_ERROR(CheckAttrType(*scale, AttrType::kFloat));
  const double scale_value = scale != nullptr ? static_cast<double>(scale->f)
                                              : 1.0 / std::sqrt(static_cast<double>(p.head));
  p.scale_sqrt = std::sqrt(scale_value);

  const DType t = p.dtype;
  ctx.SetOutput(kY, t, rank == 3 ? Dims{p.batch, p.q_seq, p.q_heads * p.v_head}
                                 : Dims{p.batch, p.q_heads, p.q_seq, p.v_head});
  p.out_present_key = ctx.has_output(kPresentKey);
  p.out_present_value = ctx.has_output(kPresentValue);
  p.out_qk = ctx.has_output(kQk);
  if (p.out_present_key) ctx.SetOutput(kPresentKey, t, Dims{p.batch, p.kv_heads, p.total, p.head});
  if (p.out_present_value)
    ctx.SetOutput(kPresentValue, p.v_dtype, Dims{p.batch, p.kv_heads, p.total, p.v_head});
  if (p.out_qk) ctx.SetOutput(kQk, t, Dims{p.batch, p.q_heads, p.q_seq, p.total});
  ctx.RequestScratch(static_cast<size_t>(AttentionScratch(p)) * sizeof(double));
  ctx.EmplaceState<AttentionParams>(p);
  return Status::Ok();
}

Status AttentionRun(const RunContext& ctx) {
  const auto& p = ctx.state<AttentionParams>();
  return DispatchFloatOrHalf(p.dtype, [&](auto tag) {
    return RunAttention<decltype(tag)>(ctx, p);
  });
}

}  // namespace onyx::kernels::ref
