// The reference kernel table: one row per (op, opset range, dtypes), sorted by
// op type. `grep '"Softmax"'` finds a registration.

#include "kernels/ref/registry.h"

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

const KernelDef kKernels[] = {
    {"", "Add", 7, kLatestOpset, kNumericTypes, AddPrepare, AddRun},
    {"", "Relu", 6, kLatestOpset, kNumericTypes, ReluPrepare, ReluRun},
};

}  // namespace

KernelLibrary Library() {
  return KernelLibrary{kProviderName, Span<const KernelDef>(kKernels)};
}

}  // namespace onyx::kernels::ref
