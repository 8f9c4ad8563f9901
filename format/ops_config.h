#pragma once

// The ops a model runs, written as an ops config: ONNX Runtime's reduced-ops
// format, which a selective build reads (kernels/BUILD):
//
//   # comment
//   ai.onnx;13;Add,Conv,Relu
//   com.microsoft;1;FusedConv
//
// One line per (domain, opset import), the default domain spelled "ai.onnx".

#include <set>
#include <string>
#include <vector>

#include "format/reader.h"

namespace onyx::format {

struct OpUse {
  std::string domain;  // "" is the default ONNX domain.
  int opset = 0;       // The model's opset import for the domain.
  std::string op_type;

  bool operator<(const OpUse& other) const {
    if (domain != other.domain) return domain < other.domain;
    if (opset != other.opset) return opset < other.opset;
    return op_type < other.op_type;
  }
};

// Adds every (domain, opset, op type) of the model's nodes, those of its
// subgraphs (If, Loop, Scan bodies) included, to `ops`.
void CollectOps(const ModelView& view, std::set<OpUse>* ops);

// The ops config of `ops`, its first lines naming the `sources` it came from.
std::string FormatOpsConfig(const std::set<OpUse>& ops, const std::vector<std::string>& sources);

}  // namespace onyx::format
