#include "kernels/api/window.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace onyx::kernels {
namespace {

template <typename... Args>
Status Decline(const char* provider, const Args&... why) {
  return MakeError(StatusCode::kUnsupported, provider, " declines: ", why...);
}

Result<std::vector<int64_t>> IntsAttr(const PrepareContext& ctx, const char* provider, const char* name, size_t size,
                                      int64_t fallback) {
  const Attribute* a = ctx.attrs().Find(name);
  if (a == nullptr) return std::vector<int64_t>(size, fallback);
  if (a->type != AttrType::kInts) return Decline(provider, "attribute '", name, "' has type ", AttrTypeName(a->type));
  if (a->ints.size() != size)
    return Decline(provider, "attribute '", name, "' has ", a->ints.size(), " values (expected ", size, ")");
  return a->ints;
}

bool FitsU32(int64_t v) { return v >= 0 && v <= std::numeric_limits<uint32_t>::max(); }

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }


}  // namespace

Status ReadPoolKernel(const PrepareContext& ctx, const char* provider, int64_t kernel[2]) {
  if (!ctx.attrs().Has("kernel_shape")) return Decline(provider, "attribute 'kernel_shape' is missing");
  ASSIGN_OR_RETURN(std::vector<int64_t> k, IntsAttr(ctx, provider, "kernel_shape", 2, 1));
  for (int d = 0; d < 2; ++d) {
    if (k[d] < 1 || !FitsU32(k[d])) return Decline(provider, "kernel_shape ", k[d], " is not a positive extent");
    kernel[d] = k[d];
  }
  return Status::Ok();
}

Status DeclineAttrBefore(const PrepareContext& ctx, const char* provider, const char* name, int since) {
  if (ctx.node().opset < since && ctx.attrs().Has(name)) {
    return Decline(provider, "attribute '", name, "' is not defined before opset ", since);
  }
  return Status::Ok();
}

Result<Window2d> ResolveWindow2d(const PrepareContext& ctx, const char* provider, const int64_t kernel[2],
                                 const int64_t in[2], bool allow_ceil) {
  ASSIGN_OR_RETURN(std::vector<int64_t> strides, IntsAttr(ctx, provider, "strides", 2, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> dilations, IntsAttr(ctx, provider, "dilations", 2, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttr(ctx, provider, "pads", 4, 0));
  const Attribute* pad_attr = ctx.attrs().Find("auto_pad");
  if (pad_attr != nullptr && pad_attr->type != AttrType::kString) {
    return Decline(provider, "attribute 'auto_pad' has type ", AttrTypeName(pad_attr->type));
  }
  const std::string auto_pad = pad_attr != nullptr ? pad_attr->s : "NOTSET";
  int64_t ceil_mode = 0;
  if (allow_ceil) {
    const Attribute* c = ctx.attrs().Find("ceil_mode");
    if (c != nullptr && c->type != AttrType::kInt) return Decline(provider, "attribute 'ceil_mode' has type ", AttrTypeName(c->type));
    ceil_mode = c != nullptr ? c->i : 0;
  }
  if (ceil_mode != 0 && ceil_mode != 1) return Decline(provider, "ceil_mode ", ceil_mode);
  const bool same = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER";
  if (!same && auto_pad != "NOTSET" && auto_pad != "VALID") return Decline(provider, "auto_pad '", auto_pad, "'");
  if (auto_pad != "NOTSET" && ctx.attrs().Has("pads")) return Decline(provider, "both auto_pad and pads are set");
  Window2d w;
  for (int d = 0; d < 2; ++d) {
    if (!FitsU32(kernel[d]) || strides[d] < 1 || !FitsU32(strides[d]) || dilations[d] < 1 || !FitsU32(dilations[d])) {
      return Decline(provider, "kernel, strides or dilations out of range");
    }
    w.kernel[d] = static_cast<uint32_t>(kernel[d]);
    w.stride[d] = static_cast<uint32_t>(strides[d]);
    w.dilation[d] = static_cast<uint32_t>(dilations[d]);
    const int64_t span = w.span(d), s = strides[d];
    int64_t begin = 0, end = 0, out = 0, own_end = 0;
    if (same) {
      out = CeilDiv(in[d], s);
      const int64_t total = std::max<int64_t>(0, (out - 1) * s + span - in[d]);
      begin = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      end = total - begin;
      own_end = end;
    } else {
      if (auto_pad == "NOTSET") {
        begin = pads[d];
        end = pads[d + 2];
      }
      if (begin < 0 || end < 0) return Decline(provider, "negative pads");
      const int64_t room = in[d] + begin + end - span;
      if (room < 0)
        return Decline(provider, "the window (", span, ") is larger than the padded input (", in[d] + begin + end, ")");
      out = (ceil_mode ? CeilDiv(room, s) : room / s) + 1;
      // ONNX drops a last window that would start in the end padding.
      if (ceil_mode && (out - 1) * s >= in[d] + begin) --out;
      own_end = end;
      const int64_t needed = (out - 1) * s + span - in[d] - begin;
      if (needed > end) {
        w.extended = true;
        end = needed;
      }
    }
    if (out < 1 || !FitsU32(begin) || !FitsU32(end)) return Decline(provider, "padding out of range");
    w.own_padding = w.own_padding || begin > 0 || own_end > 0;
    w.pad_begin[d] = static_cast<uint32_t>(begin);
    w.pad_end[d] = static_cast<uint32_t>(end);
    w.out[d] = out;
  }
  return w;
}

}  // namespace onyx::kernels
