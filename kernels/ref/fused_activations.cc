// The activations a fused node (FusedConv, FusedGemm) may end with, as ONNX
// Runtime names them, each run by the reference kernel of that ONNX op. Not
// an op of its own: the table behind LookupActivation (internal/fused_util.h).
// Relu, Tanh, Sigmoid, LeakyRelu, Clip and HardSigmoid are ONNX Runtime's
// set; HardSwish and Swish are onyx's additions, for the decomposed forms
// x * HardSigmoid(x) and x * Sigmoid(x) the converter recognizes.

#include <string>
#include <vector>

#include "kernels/ref/internal/fused_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ActivationRow {
  const char* op;
  int opset;                        // The opset its kernel is prepared at.
  std::vector<const char*> params;  // Attribute names, in activation_params order.
  std::vector<float> defaults;      // Their defaults in the ONNX op.
  PrepareFn prepare;
  RunFn run;
};

const std::vector<ActivationRow>& Rows() {
  // Clip is prepared at opset 6, whose bounds are the attributes min and max.
  static const std::vector<ActivationRow> rows = {
      {"Clip", 6, {"min", "max"}, {-3.402823466e+38f, 3.402823466e+38f}, ClipPrepare, ClipRun},
      {"HardSigmoid", 22, {"alpha", "beta"}, {0.2f, 0.5f}, HardSigmoidPrepare, HardSigmoidRun},
      {"HardSwish", 22, {}, {}, HardSwishPrepare, HardSwishRun},
      {"LeakyRelu", 16, {"alpha"}, {0.01f}, LeakyReluPrepare, LeakyReluRun},
      {"Relu", 14, {}, {}, ReluPrepare, ReluRun},
      {"Sigmoid", 13, {}, {}, SigmoidPrepare, SigmoidRun},
      {"Swish", 24, {"alpha"}, {1.0f}, SwishPrepare, SwishRun},
      {"Tanh", 13, {}, {}, TanhPrepare, TanhRun},
  };
  return rows;
}

const ActivationRow* FindRow(const std::string& name) {
  for (const ActivationRow& row : Rows()) {
    if (name == row.op) return &row;
  }
  return nullptr;
}

Status UnknownActivation(const std::string& name) {
  std::string known;
  for (const ActivationRow& row : Rows()) known += StrCat(known.empty() ? "" : ", ", row.op);
  return MakeError(StatusCode::kInvalidModel, "attribute 'activation' (expected one of ", known, ", got '", name,
                   "')");
}

}  // namespace

Result<ActivationSpec> LookupActivation(const std::string& name, const std::vector<float>& params) {
  ActivationSpec spec;
  if (name.empty()) {
    RETURN_ERROR_IF(!params.empty(), StatusCode::kInvalidModel,
                    "activation parameters without an activation (expected none, got ", params.size(), ")");
    return spec;
  }
  const ActivationRow* row = FindRow(name);
  if (row == nullptr) return UnknownActivation(name);
  RETURN_ERROR_IF(params.size() != row->params.size(), StatusCode::kInvalidModel, "activation ", name,
                  " parameters (expected ", row->params.size(), ", got ", params.size(), ")");
  spec.op = row->op;
  spec.opset = row->opset;
  spec.prepare = row->prepare;
  spec.run = row->run;
  for (size_t i = 0; i < params.size(); ++i) {
    Attribute a;
    a.name = row->params[i];
    a.type = AttrType::kFloat;
    a.f = params[i];
    spec.attrs.push_back(std::move(a));
  }
  return spec;
}

Result<ActivationSpec> LookupActivationByAttrs(const std::string& name, const Attributes& attrs) {
  if (name.empty()) return ActivationSpec{};
  const ActivationRow* row = FindRow(name);
  if (row == nullptr) return UnknownActivation(name);
  std::vector<float> params;
  for (size_t i = 0; i < row->params.size(); ++i) {
    const std::string attr = StrCat("activation_", row->params[i]);
    const Attribute* a = attrs.Find(attr);
    RETURN_ERROR_IF(a != nullptr && a->type != AttrType::kFloat, StatusCode::kInvalidModel, "attribute '", attr,
                    "' type (expected float, got ", AttrTypeName(a->type), ")");
    params.push_back(a != nullptr ? a->f : row->defaults[i]);
  }
  return LookupActivation(name, params);
}

}  // namespace onyx::kernels::ref
