#pragma once

// Prepare and Run of every reference kernel, one pair per ONNX op, defined in
// kernels/ref/<op_in_snake_case>.cc and registered in registry.cc.

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

Status AddPrepare(PrepareContext& ctx);
Status AddRun(const RunContext& ctx);

Status ReluPrepare(PrepareContext& ctx);
Status ReluRun(const RunContext& ctx);

}  // namespace onyx::kernels::ref
