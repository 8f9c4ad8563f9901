// NonMaxSuppression: for each batch and class, boxes in descending score
// order (ties: lower box index first), dropping those with score <=
// score_threshold (when given), keep a box unless its IOU with an already
// kept box of that class is > iou_threshold, until max_output_boxes_per_class
// are kept. selected_indices [num_selected, 3] (int64: batch, class, box)
// lists them batch by batch, class by class, in selection order; its length
// is known only at run time (a dynamic output).
//
// Boxes are [y1, x1, y2, x2] with corners in either order
// (center_point_box 0) or [x_center, y_center, width, height] (1); IOU is
// computed in float as ONNX's reference does, and a box of zero area never
// suppresses. NaN scores sort after all others. Opset 11 only reworded the
// corner order; both opsets run the same algorithm.
//
// Run makes two passes, counting then writing, so that the output can be
// allocated at its exact size; scratch holds one class's candidates and kept
// boxes.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct NmsParams {
  int64_t batches = 0, classes = 0, boxes = 0;
  bool center_point_box = false;
};

struct Candidate {
  float score;
  int64_t index;
};

struct Thresholds {
  int64_t max_per_class = 0;
  float iou = 0;
  bool has_score = false;
  float score = 0;
};

// Corners of a box as [x_min, y_min, x_max, y_max].
void Corners(const float* b, bool center, float c[4]) {
  if (center) {
    c[0] = b[0] - b[2] / 2;
    c[2] = b[0] + b[2] / 2;
    c[1] = b[1] - b[3] / 2;
    c[3] = b[1] + b[3] / 2;
    return;
  }
  c[0] = std::min(b[1], b[3]);
  c[2] = std::max(b[1], b[3]);
  c[1] = std::min(b[0], b[2]);
  c[3] = std::max(b[0], b[2]);
}

bool Suppresses(const float* a, const float* b, bool center, float iou_threshold) {
  float ca[4], cb[4];
  Corners(a, center, ca);
  Corners(b, center, cb);
  const float ix_min = std::max(ca[0], cb[0]), ix_max = std::min(ca[2], cb[2]);
  if (ix_max <= ix_min) return false;
  const float iy_min = std::max(ca[1], cb[1]), iy_max = std::min(ca[3], cb[3]);
  if (iy_max <= iy_min) return false;
  const float inter = (ix_max - ix_min) * (iy_max - iy_min);
  const float area_a = (ca[2] - ca[0]) * (ca[3] - ca[1]);
  const float area_b = (cb[2] - cb[0]) * (cb[3] - cb[1]);
  const float uni = area_a + area_b - inter;
  if (inter <= 0 || area_a <= 0 || area_b <= 0 || uni <= 0) return false;
  return inter / uni > iou_threshold;
}

// Higher score first, NaN last, then lower index: a strict total order.
bool Before(const Candidate& a, const Candidate& b) {
  const bool an = std::isnan(a.score), bn = std::isnan(b.score);
  if (an != bn) return bn;
  if (!an && a.score != b.score) return a.score > b.score;
  return a.index < b.index;
}

// Runs the selection; writes the triples to `out` unless it is null, and
// returns how many there are.
int64_t Select(const RunContext& ctx, const NmsParams& p, const Thresholds& t, int64_t* out) {
  const float* boxes = ctx.input(0).data_as<const float>();
  const float* scores = ctx.input(1).data_as<const float>();
  Candidate* candidates = static_cast<Candidate*>(ctx.scratch);
  int64_t* kept = reinterpret_cast<int64_t*>(candidates + p.boxes);
  int64_t total = 0;
  for (int64_t b = 0; b < p.batches; ++b) {
    const float* batch_boxes = boxes + b * p.boxes * 4;
    for (int64_t c = 0; c < p.classes; ++c) {
      const float* s = scores + (b * p.classes + c) * p.boxes;
      int64_t n = 0;
      for (int64_t i = 0; i < p.boxes; ++i) {
        if (!t.has_score || s[i] > t.score) candidates[n++] = Candidate{s[i], i};
      }
      std::sort(candidates, candidates + n, Before);
      int64_t num_kept = 0;
      for (int64_t j = 0; j < n && num_kept < t.max_per_class; ++j) {
        const float* box = batch_boxes + candidates[j].index * 4;
        bool keep = true;
        for (int64_t k = 0; k < num_kept && keep; ++k) {
          keep = !Suppresses(box, batch_boxes + kept[k] * 4, p.center_point_box, t.iou);
        }
        if (!keep) continue;
        kept[num_kept++] = candidates[j].index;
        if (out) {
          out[total * 3] = b;
          out[total * 3 + 1] = c;
          out[total * 3 + 2] = candidates[j].index;
        }
        ++total;
      }
    }
  }
  return total;
}

Status CheckScalar(const PrepareContext& ctx, size_t i, DType dtype, const char* role) {
  if (!ctx.has_input(i)) return Status::Ok();
  RETURN_IF_ERROR(ExpectDType(ctx, i, DTypeBit(dtype)));
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dims.size() > 1 || NumElements(v.dims) != 1, StatusCode::kInvalidArgument, role,
                  " input '", v.name, "' (expected a scalar or one element, got shape ",
                  DimsToString(v.dims), ")");
  return Status::Ok();
}

}  // namespace

Status NonMaxSuppressionPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 5));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kFloat32)));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, DTypeBit(DType::kFloat32)));
  RETURN_IF_ERROR(CheckScalar(ctx, 2, DType::kInt64, "max_output_boxes_per_class"));
  RETURN_IF_ERROR(CheckScalar(ctx, 3, DType::kFloat32, "iou_threshold"));
  RETURN_IF_ERROR(CheckScalar(ctx, 4, DType::kFloat32, "score_threshold"));
  const ValueInfo& boxes = ctx.input(0);
  const ValueInfo& scores = ctx.input(1);
  RETURN_ERROR_IF(boxes.dims.size() != 3 || boxes.dims[2] != 4, StatusCode::kInvalidArgument,
                  "input '", boxes.name, "' shape (expected [num_batches, num_boxes, 4], got ",
                  DimsToString(boxes.dims), ")");
  RETURN_ERROR_IF(
      scores.dims.size() != 3 || scores.dims[0] != boxes.dims[0] || scores.dims[2] != boxes.dims[1],
      StatusCode::kInvalidArgument, "input '", scores.name, "' shape (expected [", boxes.dims[0],
      ", num_classes, ", boxes.dims[1], "] for boxes ", DimsToString(boxes.dims), ", got ",
      DimsToString(scores.dims), ")");
  NmsParams p;
  ASSIGN_OR_RETURN(p.center_point_box, BoolAttr(ctx.attrs(), "center_point_box", false));
  p.batches = boxes.dims[0];
  p.boxes = boxes.dims[1];
  p.classes = scores.dims[1];
  ctx.RequestScratch(static_cast<size_t>(p.boxes) * (sizeof(Candidate) + sizeof(int64_t)));
  ctx.SetDynamicOutput(0, DType::kInt64);
  ctx.EmplaceState<NmsParams>(p);
  return Status::Ok();
}

Status NonMaxSuppressionRun(const RunContext& ctx) {
  const auto& p = ctx.state<NmsParams>();
  Thresholds t;
  if (ctx.has_input(2))
    t.max_per_class = std::max<int64_t>(*ctx.input(2).data_as<const int64_t>(), 0);
  if (ctx.has_input(3)) t.iou = *ctx.input(3).data_as<const float>();
  RETURN_ERROR_IF(!(t.iou >= 0 && t.iou <= 1), StatusCode::kInvalidArgument,
                  "input 3 (iou_threshold) value (expected in [0, 1], got ", t.iou, ")");
  t.has_score = ctx.has_input(4);
  if (t.has_score) t.score = *ctx.input(4).data_as<const float>();
  const int64_t total = Select(ctx, p, t, nullptr);
  RETURN_IF_ERROR(ctx.AllocateOutput(0, {total, 3}));
  Select(ctx, p, t, ctx.output(0).data_as<int64_t>());
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
