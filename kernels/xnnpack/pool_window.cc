#include "kernels/xnnpack/pool_window.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace onyx::kernels::xnnpack {
namespace {

Result<std::vector<int64_t>> IntsAttr(const PrepareContext& ctx, const char* name, size_t size, int64_t fallback) {
  const Attribute* a = ctx.attrs().Find(name);
  if (a == nullptr) return std::vector<int64_t>(size, fallback);
  if (a->type != AttrType::kInts) return Decline("attribute '", name, "' has type ", AttrTypeName(a->type));
  if (a->ints.size() != size)
    return Decline("attribute '", name, "' has ", a->ints.size(), " values (expected ", size, ")");
  return a->ints;
}

bool FitsU32(int64_t v) { return v >= 0 && v <= std::numeric_limits<uint32_t>::max(); }

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

Status ReadPoolKernel(const PrepareContext& ctx, int64_t kernel[2]) {
  if (!ctx.attrs().Has("kernel_shape")) return Decline("attribute 'kernel_shape' is missing");
  ASSIGN_OR_RETURN(std::vector<int64_t> k, IntsAttr(ctx, "kernel_shape", 2, 1));
  for (int d = 0; d < 2; ++d) {
    if (k[d] < 1 || !FitsU32(k[d])) return Decline("kernel_shape ", k[d], " is not a positive extent");
    kernel[d] = k[d];
  }
  return Status::Ok();
}

Status DeclineAttrBefore(const PrepareContext& ctx, const char* name, int since) {
  if (ctx.node().opset < since && ctx.attrs().Has(name)) {
    return Decline("attribute '", name, "' is not defined before opset ", since);
  }
  return Status::Ok();
}

Result<Window2d> ResolveWindow2d(const PrepareContext& ctx, const int64_t kernel[2], const int64_t in[2],
                                 bool allow_ceil) {
  ASSIGN_OR_RETURN(std::vector<int64_t> strides, IntsAttr(ctx, "strides", 2, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> dilations, IntsAttr(ctx, "dilations", 2, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttr(ctx, "pads", 4, 0));
  ASSIGN_OR_RETURN(std::string auto_pad, StringAttr(ctx, "auto_pad", "NOTSET"));
  int64_t ceil_mode = 0;
  if (allow_ceil) {
    ASSIGN_OR_RETURN(ceil_mode, IntAttr(ctx, "ceil_mode", 0));
  }
  if (ceil_mode != 0 && ceil_mode != 1) return Decline("ceil_mode ", ceil_mode);
  const bool same = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER";
  if (!same && auto_pad != "NOTSET" && auto_pad != "VALID") return Decline("auto_pad '", auto_pad, "'");
  if (auto_pad != "NOTSET" && ctx.attrs().Has("pads")) return Decline("both auto_pad and pads are set");
  Window2d w;
  for (int d = 0; d < 2; ++d) {
    if (!FitsU32(kernel[d]) || strides[d] < 1 || !FitsU32(strides[d]) || dilations[d] < 1 || !FitsU32(dilations[d])) {
      return Decline("kernel, strides or dilations out of range");
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
      if (begin < 0 || end < 0) return Decline("negative pads");
      const int64_t room = in[d] + begin + end - span;
      if (room < 0)
        return Decline("the window (", span, ") is larger than the padded input (", in[d] + begin + end, ")");
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
    if (out < 1 || !FitsU32(begin) || !FitsU32(end)) return Decline("padding out of range");
    w.own_padding = w.own_padding || begin > 0 || own_end > 0;
    w.pad_begin[d] = static_cast<uint32_t>(begin);
    w.pad_end[d] = static_cast<uint32_t>(end);
    w.out[d] = out;
  }
  return w;
}

}  // namespace onyx::kernels::xnnpack
