// Scan: runs the body once per position along each scan input's axis,
// threading N state values through and stacking K per-iteration outputs.
// Opset 9+ takes axes and directions per input and output; opset 8 has a
// leading batch axis and optional sequence_lens, run here batch by batch.

#include <cstring>
#include <vector>

#include "runtime/executor/control_flow.h"
#include "runtime/executor/subgraph.h"

namespace onyx::executor {
namespace {

struct ScanSpec {
  int body = 0;
  size_t num_states = 0;
  size_t num_scan_inputs = 0;
  std::vector<int64_t> in_axes, in_reverse, out_axes, out_reverse;
};

// Bytes of one slice of `v` at `index` along `axis`, copied into `out`.
Result<HostTensor> Slice(const TensorView& v, int axis, int64_t index) {
  Dims dims = v.dims;
  dims.erase(dims.begin() + axis);
  ASSIGN_OR_RETURN(HostTensor out, HostTensor::Allocate(v.dtype, dims));
  int64_t outer = 1, inner = static_cast<int64_t>(DTypeSize(v.dtype));
  for (int d = 0; d < axis; ++d) outer *= v.dims[d];
  for (size_t d = axis + 1; d < v.dims.size(); ++d) inner *= v.dims[d];
  const uint8_t* src = static_cast<const uint8_t*>(v.data);
  uint8_t* dst = static_cast<uint8_t*>(out.data());
  for (int64_t o = 0; o < outer; ++o) {
    std::memcpy(dst + o * inner, src + (o * v.dims[axis] + index) * inner, static_cast<size_t>(inner));
  }
  return out;
}

// Places `slice` at `index` along `axis` of `out` (whose extent there is `length`).
void Place(const TensorView& slice, int axis, int64_t index, int64_t length, HostTensor& out) {
  int64_t outer = 1, inner = static_cast<int64_t>(DTypeSize(slice.dtype));
  for (int d = 0; d < axis; ++d) outer *= slice.dims[d];
  for (size_t d = axis; d < slice.dims.size(); ++d) inner *= slice.dims[d];
  const uint8_t* src = static_cast<const uint8_t*>(slice.data);
  uint8_t* dst = static_cast<uint8_t*>(out.data());
  for (int64_t o = 0; o < outer; ++o) {
    std::memcpy(dst + (o * length + index) * inner, src + o * inner, static_cast<size_t>(inner));
  }
}

Result<int> Axis(int64_t axis, int rank, const char* what) {
  Result<int> a = NormalizeAxis(axis, rank);
  if (!a.ok()) return a.status().WithContext(what);
  return a;
}

// One scan over `length` positions; `states` are updated in place and the
// stacked outputs returned.
Result<std::vector<HostTensor>> ScanOnce(const SubgraphCall& call, const ScanSpec& spec, std::vector<HostTensor>& states,
                                         const std::vector<TensorView>& inputs, int64_t length) {
  std::vector<int> in_axes(inputs.size());
  for (size_t j = 0; j < inputs.size(); ++j) {
    ASSIGN_OR_RETURN(in_axes[j], Axis(spec.in_axes[j], inputs[j].rank(), "scan_input_axes"));
    RETURN_ERROR_IF(inputs[j].dims[in_axes[j]] < length, StatusCode::kInvalidArgument, "scan input #", j,
                    " has ", inputs[j].dims[in_axes[j]], " positions along axis ", in_axes[j], " (expected ",
                    length, " like the first)");
  }
  std::vector<HostTensor> outputs;
  for (int64_t t = 0; t < length; ++t) {
    RETURN_ERROR_IF(call.terminate && call.terminate->load(), StatusCode::kCancelled,
                    "run terminated in Scan iteration ", t, " (RunOptions.terminate)");
    std::vector<HostTensor> slices;
    std::vector<TensorView> formal;
    for (const HostTensor& s : states) formal.push_back(s.view());
    for (size_t j = 0; j < inputs.size(); ++j) {
      ASSIGN_OR_RETURN(HostTensor s, Slice(inputs[j], in_axes[j], spec.in_reverse[j] ? length - 1 - t : t));
      slices.push_back(std::move(s));
    }
    for (const HostTensor& s : slices) formal.push_back(s.view());
    ASSIGN_OR_RETURN(std::vector<TensorView> outs, RunSubgraph(call, spec.body, formal));
    RETURN_ERROR_IF(outs.size() < states.size(), StatusCode::kInvalidModel, "body has ", outs.size(),
                    " outputs (expected at least ", states.size(), ")");
    for (size_t i = 0; i < states.size(); ++i) {
      ASSIGN_OR_RETURN(states[i], CopyTensor(outs[i]));
    }
    const size_t num_scan_outputs = outs.size() - states.size();
    for (size_t k = 0; k < num_scan_outputs; ++k) {
      const TensorView& item = outs[states.size() + k];
      int64_t axis_value = k < spec.out_axes.size() ? spec.out_axes[k] : 0;
      ASSIGN_OR_RETURN(int axis, Axis(axis_value, item.rank() + 1, "scan_output_axes"));
      if (t == 0) {
        Dims dims = item.dims;
        dims.insert(dims.begin() + axis, length);
        ASSIGN_OR_RETURN(HostTensor out, HostTensor::Allocate(item.dtype, dims));
        outputs.push_back(std::move(out));
      }
      Dims expected = outputs[k].dims();
      expected.erase(expected.begin() + axis);
      RETURN_ERROR_IF(item.dims != expected || item.dtype != outputs[k].dtype(), StatusCode::kInvalidArgument,
                      "scan output #", k, " changed shape in iteration ", t, " (expected ", DimsToString(expected),
                      ", got ", DimsToString(item.dims), ")");
      bool reverse = k < spec.out_reverse.size() && spec.out_reverse[k] != 0;
      Place(item, axis, reverse ? length - 1 - t : t, length, outputs[k]);
    }
  }
  return outputs;
}

std::vector<int64_t> IntsOr(const kernels::Attributes& attrs, const char* name, size_t n, int64_t fallback) {
  std::vector<int64_t> v = attrs.GetInts(name);
  if (v.empty()) v.assign(n, fallback);
  return v;
}

Status RunScan9(const SubgraphCall& call, ScanSpec& spec) {
  const planner::Node& node = call.node;
  std::vector<HostTensor> states;
  for (size_t i = 0; i < spec.num_states; ++i) {
    ASSIGN_OR_RETURN(HostTensor s, CopyTensor(call.ws.views[node.inputs[i]]));
    states.push_back(std::move(s));
  }
  std::vector<TensorView> inputs;
  for (size_t j = 0; j < spec.num_scan_inputs; ++j) inputs.push_back(call.ws.views[node.inputs[spec.num_states + j]]);
  RETURN_ERROR_IF(spec.in_axes.size() != inputs.size() || spec.in_reverse.size() != inputs.size(),
                  StatusCode::kInvalidModel, "scan_input_axes/directions have ", spec.in_axes.size(), "/",
                  spec.in_reverse.size(), " entries (expected ", inputs.size(), ")");
  int64_t length = 0;
  if (!inputs.empty()) {
    ASSIGN_OR_RETURN(int axis, Axis(spec.in_axes[0], inputs[0].rank(), "scan_input_axes"));
    length = inputs[0].dims[axis];
  }
  ASSIGN_OR_RETURN(std::vector<HostTensor> scans, ScanOnce(call, spec, states, inputs, length));
  for (size_t i = 0; i < states.size(); ++i) RETURN_IF_ERROR(SetNodeOutput(call, i, states[i].view()));
  for (size_t k = 0; k < scans.size(); ++k) RETURN_IF_ERROR(SetNodeOutput(call, states.size() + k, scans[k].view()));
  return Status::Ok();
}

// Opset 8: inputs are (sequence_lens?, states..., scan inputs...), each with
// a leading batch axis; scan inputs scan along axis 1.
Status RunScan8(const SubgraphCall& call, ScanSpec& spec) {
  const planner::Node& node = call.node;
  const TensorView* lens = node.inputs[0] >= 0 ? &call.ws.views[node.inputs[0]] : nullptr;
  std::vector<TensorView> states_in, inputs;
  for (size_t i = 0; i < spec.num_states; ++i) states_in.push_back(call.ws.views[node.inputs[1 + i]]);
  for (size_t j = 0; j < spec.num_scan_inputs; ++j) inputs.push_back(call.ws.views[node.inputs[1 + spec.num_states + j]]);
  RETURN_ERROR_IF(inputs.empty() || inputs[0].rank() < 2, StatusCode::kInvalidArgument,
                  "Scan-8 needs scan inputs of shape [batch, sequence, ...]");
  const int64_t batch = inputs[0].dims[0];
  spec.in_axes.assign(inputs.size(), 0);
  std::vector<HostTensor> final_states, final_scans;
  for (int64_t b = 0; b < batch; ++b) {
    std::vector<HostTensor> states, slices;
    std::vector<TensorView> batch_inputs;
    for (const TensorView& s : states_in) {
      ASSIGN_OR_RETURN(HostTensor t, Slice(s, 0, b));
      states.push_back(std::move(t));
    }
    for (const TensorView& in : inputs) {
      ASSIGN_OR_RETURN(HostTensor t, Slice(in, 0, b));
      slices.push_back(std::move(t));
    }
    for (const HostTensor& t : slices) batch_inputs.push_back(t.view());
    int64_t length = inputs[0].dims[1];
    if (lens) length = static_cast<const int32_t*>(lens->data)[b];
    ASSIGN_OR_RETURN(std::vector<HostTensor> scans, ScanOnce(call, spec, states, batch_inputs, length));
    auto stack = [&](std::vector<HostTensor>& into, size_t k, const HostTensor& item) -> Status {
      if (b == 0) {
        Dims dims = item.dims();
        dims.insert(dims.begin(), batch);
        ASSIGN_OR_RETURN(HostTensor out, HostTensor::Allocate(item.dtype(), dims));
        into.push_back(std::move(out));
      }
      Place(item.view(), 0, b, batch, into[k]);
      return Status::Ok();
    };
    for (size_t i = 0; i < states.size(); ++i) RETURN_IF_ERROR(stack(final_states, i, states[i]));
    for (size_t k = 0; k < scans.size(); ++k) RETURN_IF_ERROR(stack(final_scans, k, scans[k]));
  }
  for (size_t i = 0; i < final_states.size(); ++i) RETURN_IF_ERROR(SetNodeOutput(call, i, final_states[i].view()));
  for (size_t k = 0; k < final_scans.size(); ++k) {
    RETURN_IF_ERROR(SetNodeOutput(call, final_states.size() + k, final_scans[k].view()));
  }
  return Status::Ok();
}

}  // namespace

Status RunScan(const SubgraphCall& call) {
  const kernels::Attributes& attrs = call.node.info.attrs;
  ScanSpec spec;
  ASSIGN_OR_RETURN(spec.body, GraphAttr(call, "body"));
  int64_t m = attrs.GetInt("num_scan_inputs", -1);
  const bool opset8 = call.node.info.opset < 9;
  const size_t leading = opset8 ? 1 : 0;
  RETURN_ERROR_IF(m < 1 || static_cast<size_t>(m) + leading > call.node.inputs.size(), StatusCode::kInvalidModel,
                  "attribute 'num_scan_inputs' is ", m, " (expected 1 to ", call.node.inputs.size() - leading, ")");
  spec.num_scan_inputs = static_cast<size_t>(m);
  spec.num_states = call.node.inputs.size() - leading - spec.num_scan_inputs;
  spec.in_axes = IntsOr(attrs, "scan_input_axes", spec.num_scan_inputs, 0);
  spec.in_reverse = IntsOr(attrs, opset8 ? "directions" : "scan_input_directions", spec.num_scan_inputs, 0);
  spec.out_axes = attrs.GetInts("scan_output_axes");
  spec.out_reverse = attrs.GetInts("scan_output_directions");
  return opset8 ? RunScan8(call, spec) : RunScan9(call, spec);
}

}  // namespace onyx::executor
