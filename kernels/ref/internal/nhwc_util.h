#pragma once

// The reference kernels of ONNX Runtime's internal NHWC domain
// ("com.ms.internal.nhwc"), which the converter's layout pass emits: the ONNX
// op of the same name with the channel axis last, [N, D1..Dn, C] in and out.
// Weights follow the same rule, the ONNX weight with its axis 1 moved last:
// Conv's W [M, C/group, k1..kn] becomes [M, k1..kn, C/group] (OHWI, what
// XNNPACK's convolution takes), ConvTranspose's [C, M/group, k...] becomes
// [C, k..., M/group]; 1-D inputs (bias) stay as they are.
//
// Simple and correct is the point here, not speed: an NHWC node runs the
// NCHW kernel on copies of its inputs moved to channels-first in scratch and
// moves the result back. Constant inputs are moved once, in Prepare.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

constexpr const char* kNhwcDomain = "com.ms.internal.nhwc";

// What the NHWC op does with each input before the NCHW kernel sees it.
enum class NhwcInput {
  kAsIs,          // Passed unchanged (bias, absent inputs).
  kChannelsLast,  // Rank >= 3, axis 1 of the NCHW form is last (X, W).
  kAxisVector,    // 1-D, k * rank entries in NHWC axis order (Resize's roi, scales, sizes).
};

// [outer, inner, channels] -> [outer, channels, inner] (to_front) or back,
// for elements of `elem` bytes.
inline void MoveChannels(const void* src, void* dst, int64_t outer, int64_t inner, int64_t channels, size_t elem,
                         bool to_front) {
  const auto* s = static_cast<const uint8_t*>(src);
  auto* d = static_cast<uint8_t*>(dst);
  for (int64_t o = 0; o < outer; ++o) {
    const int64_t base = o * inner * channels;
    for (int64_t i = 0; i < inner; ++i) {
      for (int64_t c = 0; c < channels; ++c) {
        const int64_t last = base + i * channels + c, first = base + c * inner + i;
        const int64_t from = to_front ? last : first, to = to_front ? first : last;
        std::memcpy(d + to * elem, s + from * elem, elem);
      }
    }
  }
}

// [N, D1..Dn, C] -> [N, C, D1..Dn]; the inverse.
inline Dims ChannelsFirstDims(const Dims& d) {
  Dims out{d[0], d.back()};
  out.insert(out.end(), d.begin() + 1, d.end() - 1);
  return out;
}
inline Dims ChannelsLastDims(const Dims& d) {
  Dims out{d[0]};
  out.insert(out.end(), d.begin() + 2, d.end());
  out.push_back(d[1]);
  return out;
}

// Moves a channels-last tensor of `dims` (NHWC) to channels-first or back
// (`dims` is then the NCHW form).
inline void MoveChannelsOf(const void* src, void* dst, const Dims& dims, size_t elem, bool to_front) {
  int64_t inner = 1;
  if (to_front) {
    for (size_t d = 1; d + 1 < dims.size(); ++d) inner *= dims[d];
    MoveChannels(src, dst, dims[0], inner, dims.back(), elem, true);
  } else {
    for (size_t d = 2; d < dims.size(); ++d) inner *= dims[d];
    MoveChannels(src, dst, dims[0], inner, dims[1], elem, false);
  }
}

// The NCHW axis of NHWC axis `a` of a rank-`rank` tensor.
inline int64_t ChannelsFirstAxis(int64_t a, int64_t rank) {
  if (a < 0) a += rank;
  if (a == 0) return 0;
  return a == rank - 1 ? 1 : a + 1;
}

// Per-axis entries (`k` groups of `rank`) in NHWC order -> NCHW order.
template <typename T>
void PermuteAxisVector(const T* src, T* dst, int64_t groups, int64_t rank) {
  for (int64_t g = 0; g < groups; ++g) {
    for (int64_t a = 0; a < rank; ++a) dst[g * rank + ChannelsFirstAxis(a, rank)] = src[g * rank + a];
  }
}

// At most this many inputs (Resize: X, roi, scales, sizes) and outputs.
constexpr size_t kMaxNhwcInputs = 4;
constexpr size_t kMaxNhwcOutputs = 1;

struct NhwcState {
  NodeInfo base_node;
  KernelState base_state{nullptr, [](void*) {}};
  RunFn base_run = nullptr;
  std::vector<NhwcInput> roles;
  std::vector<TensorView> views;                // What the NCHW kernel reads, data set in Run when moved per run.
  std::vector<int64_t> scratch_offset;          // Per input: where Run moves it, -1 when not moved per run.
  std::vector<std::vector<uint8_t>> constants;  // Inputs moved in Prepare.
  std::vector<TensorView> outputs;              // NCHW outputs, in scratch.
  std::vector<int64_t> output_offset;
  int64_t base_scratch_offset = 0;
};

inline size_t AlignScratch(size_t n) { return (n + 63) / 64 * 64; }

// The NCHW form of input `i` for the NCHW kernel's Prepare; fills the state's
// constants for inputs known now and their scratch needs otherwise.
inline Status NhwcInputForBase(const PrepareContext& ctx, size_t i, NhwcInput role, int64_t rank, NhwcState* s,
                               size_t* scratch, ValueInfo* out) {
  const ValueInfo& v = ctx.input(i);
  *out = v;
  s->views[i] = TensorView{v.dtype, v.dims, const_cast<void*>(v.data)};
  if (!v.present || role == NhwcInput::kAsIs) return Status::Ok();
  const size_t elem = DTypeSize(v.dtype);
  if (role == NhwcInput::kChannelsLast) {
    RETURN_ERROR_IF(v.dims.size() < 3, StatusCode::kInvalidArgument, "input '", v.name,
                    "' rank (expected >= 3 in channels-last layout [N, D1, ..., C], got ", DimsToString(v.dims), ")");
    out->dims = ChannelsFirstDims(v.dims);
  } else {
    RETURN_ERROR_IF(v.dims.size() != 1 || rank <= 0 || v.dims[0] % rank != 0, StatusCode::kInvalidArgument, "input '",
                    v.name, "' shape (expected 1-D with a multiple of ", rank, " entries, one per axis, got ",
                    DimsToString(v.dims), ")");
  }
  s->views[i].dims = out->dims;
  const size_t bytes = static_cast<size_t>(NumElements(v.dims)) * elem;
  if (v.data == nullptr && role == NhwcInput::kAxisVector) return Status::Ok();  // The base asks for it.
  if (v.data == nullptr) {
    s->scratch_offset[i] = static_cast<int64_t>(*scratch);
    *scratch += AlignScratch(bytes);
    return Status::Ok();
  }
  std::vector<uint8_t>& c = s->constants[i];
  c.resize(bytes);
  if (role == NhwcInput::kChannelsLast) {
    MoveChannelsOf(v.data, c.data(), v.dims, elem, true);
  } else if (elem == 8) {
    PermuteAxisVector(static_cast<const int64_t*>(v.data), reinterpret_cast<int64_t*>(c.data()), v.dims[0] / rank,
                      rank);
  } else {
    RETURN_ERROR_IF(elem != 4, StatusCode::kUnsupported, "input '", v.name, "' dtype ", DTypeName(v.dtype));
    PermuteAxisVector(static_cast<const int32_t*>(v.data), reinterpret_cast<int32_t*>(c.data()), v.dims[0] / rank,
                      rank);
  }
  out->data = c.data();
  s->views[i].data = c.data();
  return Status::Ok();
}

// Prepares the NCHW kernel (`base_prepare`, at the node's opset) on the NCHW
// form of the inputs (roles per input; inputs past `roles` are kAsIs) and
// sets the outputs to the channels-last form of its outputs. `base_node`
// carries attributes the NCHW kernel should see instead of the node's
// (Resize's remapped axes); null to use the node's.
inline Status PrepareNhwc(PrepareContext& ctx, const std::vector<NhwcInput>& roles, PrepareFn base_prepare,
                          RunFn base_run, const NodeInfo* base_node = nullptr) {
  RETURN_ERROR_IF(!ctx.has_input(0), StatusCode::kInvalidModel, "required input #0 is missing");
  const int64_t rank = static_cast<int64_t>(ctx.input(0).dims.size());
  NhwcState* s = ctx.EmplaceState<NhwcState>();
  s->base_node = base_node ? *base_node : ctx.node();
  s->base_node.domain = "";
  s->base_run = base_run;
  const size_t n = ctx.num_inputs();
  RETURN_ERROR_IF(n > kMaxNhwcInputs || ctx.num_outputs() > kMaxNhwcOutputs, StatusCode::kInvalidModel,
                  "number of inputs and outputs (expected at most ", kMaxNhwcInputs, " and ", kMaxNhwcOutputs,
                  " in the NHWC domain, got ", n, " and ", ctx.num_outputs(), ")");
  s->roles.assign(n, NhwcInput::kAsIs);
  for (size_t i = 0; i < n && i < roles.size(); ++i) s->roles[i] = roles[i];
  s->views.resize(n);
  s->scratch_offset.assign(n, -1);
  s->constants.resize(n);
  size_t scratch = 0;
  std::vector<ValueInfo> inputs(n);
  for (size_t i = 0; i < n; ++i) {
    RETURN_IF_ERROR(NhwcInputForBase(ctx, i, s->roles[i], rank, s, &scratch, &inputs[i]));
  }
  PrepareContext base(s->base_node, inputs, ctx.num_outputs());
  for (size_t o = 0; o < ctx.num_outputs(); ++o) {
    if (!ctx.has_output(o)) base.MarkOutputAbsent(o);
  }
  Status status = base_prepare(base);
  if (!status.ok()) return status.WithContext("in NCHW form");
  s->base_state = base.TakeState();
  s->outputs.resize(ctx.num_outputs());
  s->output_offset.assign(ctx.num_outputs(), -1);
  for (size_t o = 0; o < ctx.num_outputs(); ++o) {
    if (!ctx.has_output(o)) continue;
    const ValueInfo& y = base.output(o);
    RETURN_ERROR_IF(y.dynamic || y.dims.size() < 3, StatusCode::kInternal, "output #", o,
                    " of the NCHW kernel is not a tensor of rank >= 3 with a known shape");
    s->outputs[o] = TensorView{y.dtype, y.dims, nullptr};
    s->output_offset[o] = static_cast<int64_t>(scratch);
    scratch += AlignScratch(static_cast<size_t>(NumElements(y.dims)) * DTypeSize(y.dtype));
    ctx.SetOutput(o, y.dtype, ChannelsLastDims(y.dims));
  }
  s->base_scratch_offset = static_cast<int64_t>(scratch);
  ctx.RequestScratch(scratch + base.scratch_bytes());
  return Status::Ok();
}

// Views of the NCHW copies, kept per thread so that a warm Run assigns into
// Dims that already have their capacity instead of allocating.
struct NhwcRunViews {
  TensorView in[kMaxNhwcInputs];
  const TensorView* in_ptrs[kMaxNhwcInputs];
  TensorView out[kMaxNhwcOutputs];
  TensorView* out_ptrs[kMaxNhwcOutputs];
};

inline Status RunNhwc(const RunContext& ctx) {
  const NhwcState& s = ctx.state<NhwcState>();
  auto* scratch = static_cast<uint8_t*>(ctx.scratch);
  thread_local NhwcRunViews v;
  const size_t n = s.views.size();
  for (size_t i = 0; i < n; ++i) {
    v.in_ptrs[i] = nullptr;
    if (!ctx.has_input(i)) continue;
    const TensorView& x = ctx.input(i);
    // An axis vector unknown at Prepare (roi outside tf_crop_and_resize) goes as it is.
    const bool as_is =
        s.roles[i] == NhwcInput::kAsIs || (s.roles[i] == NhwcInput::kAxisVector && s.views[i].data == nullptr);
    v.in[i] = as_is ? x : s.views[i];
    if (s.scratch_offset[i] >= 0) {
      v.in[i].data = scratch + s.scratch_offset[i];
      MoveChannelsOf(x.data, v.in[i].data, x.dims, DTypeSize(x.dtype), true);
    }
    v.in_ptrs[i] = &v.in[i];
  }
  const size_t m = s.outputs.size();
  for (size_t o = 0; o < m; ++o) {
    v.out_ptrs[o] = nullptr;
    if (s.output_offset[o] < 0 || o >= ctx.outputs.size() || ctx.outputs[o] == nullptr) continue;
    v.out[o] = s.outputs[o];
    v.out[o].data = scratch + s.output_offset[o];
    v.out_ptrs[o] = &v.out[o];
  }
  RunContext base = ctx;
  base.node = &s.base_node;
  base.state_ptr = s.base_state.get();
  base.inputs = Span<const TensorView* const>(v.in_ptrs, n);
  base.outputs = Span<TensorView* const>(v.out_ptrs, m);
  base.scratch = scratch + s.base_scratch_offset;
  base.scratch_bytes = ctx.scratch_bytes - static_cast<size_t>(s.base_scratch_offset);
  RETURN_IF_ERROR(s.base_run(base));
  for (size_t o = 0; o < m; ++o) {
    if (v.out_ptrs[o] == nullptr) continue;
    MoveChannelsOf(v.out[o].data, ctx.output(o).data, v.out[o].dims, DTypeSize(v.out[o].dtype), false);
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
